import type { IssuedCertificate } from '../api/client.js';
import { ErrorBox } from '../components/error-box.js';
import { Dot } from '../components/state-panel.js';
import { useLocale } from '../i18n/locale.js';
import { QrImage } from './qr-image.js';

/**
 * The certificate is issued: what printed, and the QR code to check it later — the licence code
 * when the appliance issued a licence record, else the stamp's verification URL.
 */
export function DoneScreen({ issued, onFinish }: { issued: IssuedCertificate; onFinish(): void }) {
  const { t } = useLocale();
  const k = t.kiosk;
  const qr = issued.licence?.code ?? issued.stamp.result?.verificationUrl ?? undefined;
  return (
    <div class="kiosk-start" data-testid="kiosk-done">
      <h2>✓ {k.doneTitle}</h2>
      <p class="kiosk-hint">{k.doneHint}</p>
      {qr ? <QrImage text={qr} label={k.qrLabel} /> : null}
      {issued.licence?.code ? (
        <p class="kiosk-code" data-testid="kiosk-licence-code">
          {k.licenceCode}: {issued.licence.code}
        </p>
      ) : null}
      <ul class="items kiosk-printed" data-testid="kiosk-printed">
        <li data-printed={issued.prints?.document ? 'yes' : 'no'}>
          <Dot ok={!!issued.prints?.document} label={issued.prints?.document ? k.printedDocument : `${k.printedDocument}: ${k.notPrinted}`} />
        </li>
        <li data-printed={issued.prints?.receipt ? 'yes' : 'no'}>
          <Dot ok={!!issued.prints?.receipt} label={issued.prints?.receipt ? k.printedReceipt : `${k.printedReceipt}: ${k.notPrinted}`} />
        </li>
      </ul>
      {issued.printError ? <ErrorBox error={issued.printError} /> : null}
      <button type="button" class="primary huge" data-testid="kiosk-finish" onClick={onFinish}>
        {k.finish}
      </button>
    </div>
  );
}
