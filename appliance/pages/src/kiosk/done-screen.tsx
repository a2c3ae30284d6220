import { useState } from 'preact/hooks';
import { api, type IssuedCertificate, type PrintResult } from '../api/client.js';
import { ApiError, type ApiErrorBody } from '../api/errors.js';
import { ProgressBar } from '../components/progress.js';
import { Dot } from '../components/state-panel.js';
import { useLocale } from '../i18n/locale.js';
import { CitizenError } from './citizen-error.js';
import { LicenceCode } from './licence-code.js';
import { QrImage } from './qr-image.js';

/**
 * The certificate is issued: what printed, each print on its own (the certificate may be in the
 * tray while the receipt failed), and the QR code to check it later — the licence code when the
 * appliance issued a licence record, else the stamp's verification URL. Print again prints only
 * what did not print, one part at a time, so each part's outcome is known.
 */
export function DoneScreen({ issued, onFinish }: { issued: IssuedCertificate; onFinish(): void }) {
  const { t } = useLocale();
  const k = t.kiosk;
  const [prints, setPrints] = useState<PrintResult | null>(issued.prints);
  const [failure, setFailure] = useState<unknown>(issued.printError ?? undefined);
  const [busy, setBusy] = useState(false);
  const qr = issued.licence?.code ?? issued.stamp.result?.verificationUrl ?? undefined;
  const documentPrinted = !!prints?.document;
  const receiptPrinted = !!prints?.receipt;
  // the kiosk was asked to print: a part still missing failed (the certificate first, the receipt after it)
  const asked = prints !== null || issued.printError !== null;
  const missing = asked && (!documentPrinted || !receiptPrinted);

  const printAgain = async () => {
    setBusy(true);
    setFailure(undefined);
    try {
      let now = prints;
      if (!documentPrinted) now = await api.printStamp(issued.stamp.id, { document: true, receipt: false });
      setPrints(now);
      if (!now?.receipt) now = await api.printStamp(issued.stamp.id, { document: false, receipt: true });
      setPrints(now);
    } catch (e) {
      setFailure(e instanceof ApiError ? (e.body ?? e) : (e as ApiErrorBody));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="kiosk-start" data-testid="kiosk-done">
      <h2>✓ {k.doneTitle}</h2>
      <p class="kiosk-hint">{k.doneHint}</p>
      {qr ? <QrImage text={qr} label={k.qrLabel} /> : null}
      {issued.licence?.code ? <LicenceCode label={k.licenceCode} code={issued.licence.code} /> : null}
      {issued.format === 'ofd' ? (
        <p class="kiosk-hint" data-testid="kiosk-format" data-format="ofd">
          {k.issuedOfd}
        </p>
      ) : null}
      <ul class="items kiosk-printed" data-testid="kiosk-printed">
        <li data-printed={documentPrinted ? 'yes' : 'no'}>
          <Dot ok={documentPrinted} label={documentPrinted ? k.printedDocument : k.documentNotPrinted} />
        </li>
        <li data-printed={receiptPrinted ? 'yes' : 'no'}>
          <Dot ok={receiptPrinted} label={receiptPrinted ? k.printedReceipt : k.receiptNotPrinted} />
        </li>
      </ul>
      {missing && failure !== undefined ? <CitizenError error={failure} stage={documentPrinted ? 'receipt' : 'document'} /> : null}
      {busy ? <ProgressBar label={k.printingAgain} /> : null}
      {missing ? (
        <button type="button" class="huge" data-testid="kiosk-print-again" disabled={busy} onClick={() => void printAgain()}>
          {k.printAgain}
        </button>
      ) : null}
      <button type="button" class="primary huge" data-testid="kiosk-finish" onClick={onFinish}>
        {k.finish}
      </button>
    </div>
  );
}
