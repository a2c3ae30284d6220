import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';

const jsQR = jsQRModule.default;

/** The text of the QR code in a PNG (a screenshot of the screen, or a receipt's paper), or undefined when none reads. */
export function readQr(png: Buffer): string | undefined {
  const image = PNG.sync.read(png);
  return jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data;
}
