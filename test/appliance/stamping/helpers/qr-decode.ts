import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import { run } from '../../pdf/make-pdf.js';

// jsqr is CommonJS with its function on module.exports.default (as in devices-cli.test.ts)
const jsQR = jsQRModule.default;

/**
 * Renders a region of a page with pdftoppm at 300 dpi (as a printout would be scanned) and
 * decodes the QR code in it with jsQR. `rect` is in PDF points, origin bottom left.
 */
export async function decodeQr(dir: string, pdf: string, page: number, pageHeight: number, rect: readonly number[], margin = 30): Promise<string | undefined> {
  const scale = 300 / 72;
  const [llx = 0, lly = 0, urx = 0, ury = 0] = rect;
  const x = Math.max(0, Math.floor((llx - margin) * scale));
  const y = Math.max(0, Math.floor((pageHeight - ury - margin) * scale));
  const w = Math.ceil((urx - llx + 2 * margin) * scale);
  const h = Math.ceil((ury - lly + 2 * margin) * scale);
  const prefix = join(dir, `qr-${page}-${Date.now()}`);
  await run('pdftoppm', ['-r', '300', '-f', String(page), '-l', String(page), '-x', String(x), '-y', String(y), '-W', String(w), '-H', String(h), '-png', '-singlefile', pdf, prefix]);
  const png = PNG.sync.read(await readFile(`${prefix}.png`));
  return jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), png.width, png.height)?.data;
}
