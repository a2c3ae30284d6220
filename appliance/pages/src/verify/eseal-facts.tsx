import type { OfdDetails, OfdSealPicture } from '../api/report.js';
import { useLocale } from '../i18n/locale.js';
import { Row, when } from './facts.js';

/** Only these reach an <img>: the report's data URL is checked again here, whatever the server sent. */
const SHOWN = /^data:image\/(png|jpeg);base64,[A-Za-z0-9+/]+=*$/;

/** The seal's picture, or in words why it is not shown (a GIF, an SVG, an OFD drawing: never put on the page as they are). */
function SealPicture({ picture, name }: { picture: OfdSealPicture; name: string }) {
  const { t } = useLocale();
  const v = t.verify;
  if (picture.shown === 'image' && picture.dataUrl && SHOWN.test(picture.dataUrl)) {
    // its printed size in mm, as GB/T 38540 gives it, at the page's 96 px per inch
    const width = Math.round(Math.min(Math.max(picture.widthMm, 10), 60) * (96 / 25.4));
    return <img class="seal-picture" data-testid="seal-picture" src={picture.dataUrl} alt={v.sealPictureAlt(name)} width={width} />;
  }
  return (
    <span class="muted" data-testid="seal-picture-unsupported">
      {picture.shown === 'too-large' ? v.sealPictureTooLarge(picture.bytes) : v.sealPictureUnsupported(picture.type)}
    </span>
  );
}

/** An OFD signature's GB/T 38540 seal (from its SESeal) and the files it protects. */
export function EsealFacts({ ofd }: { ofd: OfdDetails }) {
  const { t, locale } = useLocale();
  const v = t.verify;
  const seal = ofd.seal;
  return (
    <>
      {seal ? (
        <>
          <Row label={v.eseal} testId="eseal-name">
            <strong>{seal.name}</strong>
          </Row>
          <Row label={v.esId}>
            <code>{seal.esId}</code>
          </Row>
          <Row label={v.sealValidity}>
            {when(seal.validStart, locale)} – {when(seal.validEnd, locale)}
          </Row>
          <Row label={v.sealPicture}>
            <SealPicture picture={seal.picture} name={seal.name} />
          </Row>
        </>
      ) : null}
      {ofd.references.length ? (
        <Row label={v.references} testId="references">
          <ul class="references">
            {ofd.references.map((r) => (
              <li key={r.file} data-status={r.status} class={r.status === 'unchanged' ? '' : 'problem problem-failed'}>
                <code>{r.file}</code> {v.referenceStatus[r.status] ?? r.status}
              </li>
            ))}
          </ul>
        </Row>
      ) : null}
    </>
  );
}
