import QRCode from 'qrcode';
import { useEffect, useState } from 'preact/hooks';

/** A QR code drawn in the page (no network: the kiosk may be offline), as a PNG data URL. */
export function QrImage({ text, label, size = 320 }: { text: string; label: string; size?: number }) {
  const [src, setSrc] = useState<string | undefined>(undefined);
  useEffect(() => {
    let live = true;
    QRCode.toDataURL(text, { errorCorrectionLevel: 'M', margin: 4, width: size })
      .then((url) => live && setSrc(url))
      .catch(() => live && setSrc(undefined));
    return () => {
      live = false;
    };
  }, [text, size]);
  return src ? <img class="kiosk-qr" data-testid="kiosk-qr" src={src} alt={label} width={size} height={size} /> : null;
}
