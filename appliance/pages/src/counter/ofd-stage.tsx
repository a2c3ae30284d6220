import { useRef, useState } from 'preact/hooks';
import { useLocale } from '../i18n/locale.js';
import type { SealPosition } from './pdf-stage.js';
import { PageTurner } from './page-turner.js';
import { SealHandle, useSealBox } from './seal-handle.js';

interface OfdStageProps {
  /** The page's SVG, drawn by the service (GET /api/documents/:id/pages/:page/svg). */
  pageUrl(page: number): string;
  pages: number;
  sealImage?: string | undefined;
  /** The seal's width in points. */
  size: number;
  value: SealPosition;
  onChange(value: SealPosition): void;
}

/** CSS pixels per point: an SVG sized in mm has its natural size at 96 px per inch. */
const PX_PER_PT = 96 / 72;

/**
 * An uploaded OFD's page as the service drew it (an <img>: an SVG shown so runs nothing), with the
 * seal on it, in the same stage as the PDF's: the clerk clicks where the seal's centre goes, drags
 * it, or moves it with the arrow keys; the position is reported in points from the page's lower
 * left, as /api/stamps takes it for either format. Give it a `key` per document.
 */
export function OfdStage({ pageUrl, pages, sealImage, size, value, onChange }: OfdStageProps) {
  const { t } = useLocale();
  const [page, setPage] = useState<{ shown: number; width: number; height: number; scale: number } | undefined>(undefined);
  const [failed, setFailed] = useState<number | undefined>(undefined);
  const image = useRef<HTMLImageElement>(null);
  const shown = page?.shown === value.page ? page : undefined;

  const sealBox = useSealBox(size, shown, value.page);
  const { sealHeight, clamp } = sealBox;
  /** A point of the stage (client coordinates) as the seal's lower-left corner in points, the seal centred there. */
  const at = (clientX: number, clientY: number): SealPosition | undefined => {
    const box = image.current?.getBoundingClientRect();
    if (!box || !shown) return undefined;
    const left = (clientX - box.left - (size * shown.scale) / 2) / shown.scale;
    const top = (clientY - box.top - (sealHeight * shown.scale) / 2) / shown.scale;
    return clamp(left, shown.height - top - sealHeight);
  };

  return (
    <div class="pdf-stage-wrap">
      <PageTurner value={value} pages={pages} onChange={onChange} />
      {failed === value.page ? <p class="muted">{t.counter.ofdPreviewFailed}</p> : null}
      <div class="pdf-stage ofd-stage" data-testid="ofd-stage" data-rendered={shown ? 'yes' : 'no'}>
        <img
          ref={image}
          key={value.page}
          class="ofd-page"
          src={pageUrl(value.page)}
          alt={t.counter.ofdPreviewLabel(value.page)}
          draggable={false}
          data-testid="ofd-page"
          onLoad={(e) => {
            const img = e.currentTarget;
            // the SVG's natural size is its PhysicalBox in mm at 96 px per inch: points are 3/4 of it
            const width = img.naturalWidth / PX_PER_PT;
            const height = img.naturalHeight / PX_PER_PT;
            if (width > 0 && height > 0) setPage({ shown: value.page, width, height, scale: img.getBoundingClientRect().width / width });
            setFailed(undefined);
          }}
          onError={() => setFailed(value.page)}
          onClick={(e) => {
            const next = at(e.clientX, e.clientY);
            if (next) onChange(next);
          }}
        />
        {shown && sealImage ? <SealHandle sealImage={sealImage} page={shown} size={size} value={value} box={sealBox} onChange={onChange} /> : null}
      </div>
    </div>
  );
}
