import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startReceiptPrinter, type PrintedReceipt, type ReceiptPrinter } from '../../../simulator/receipt/index.js';
import { sampleQrUrl, sampleRaster, sampleReceipt, sampleReceiptLines } from '../../../simulator/golden/escpos-vectors.js';
import { PrinterHost } from './printer-host.js';

// jsqr is CommonJS with an ES-style `default` in its types; its module object carries `.default` at run time too.
const jsQR = jsQRModule.default;

describe('receipt printer simulator prints the golden receipt sent over a real pty', () => {
  let printer: ReceiptPrinter;
  let host: PrinterHost;
  let receipt: PrintedReceipt;
  let image: PNG;
  let outDir: string;

  beforeAll(async () => {
    outDir = await mkdtemp(join(tmpdir(), 'sealdesk-receipt-'));
    printer = await startReceiptPrinter({ outDir });
    host = await PrinterHost.open(printer.hostPath);
    await host.send(sampleReceipt);
    receipt = (await printer.waitForReceipts(1))[0]!;
    image = PNG.sync.read(receipt!.png());
  });
  afterAll(async () => {
    await host.close();
    await printer.close();
    await rm(outDir, { recursive: true, force: true });
  });

  it('reads back the Chinese and ASCII lines with their bold, alignment and size', () => {
    expect(receipt.lines).toEqual(sampleReceiptLines);
    expect(printer.unknownCommands).toEqual([]);
  });

  it('draws a QR code that a decoder reads as the URL sent', () => {
    const code = jsQR(new Uint8ClampedArray(image.data), image.width, image.height);
    expect(code?.data).toBe(sampleQrUrl);
  });

  it('draws the raster image dot for dot, MSB leftmost', () => {
    const index = receipt.elements.findIndex((e) => e.kind === 'raster');
    const place = receipt.layout().find((p) => p.element === index)!;
    expect([place.width, place.height]).toEqual([16, 8]);
    for (let row = 0; row < sampleRaster.rows; row++) {
      for (let col = 0; col < 16; col++) {
        const bit = (sampleRaster.data[row * 2 + (col >> 3)]! >> (7 - (col & 7))) & 1;
        const red = image.data[((place.y + row) * image.width + place.x + col) * 4]!;
        expect({ row, col, dark: red < 128 }).toEqual({ row, col, dark: bit === 1 });
      }
    }
  });

  it('draws the title in ink, centred, in the double-size band', () => {
    const title = receipt.layout()[0]!;
    let inkLeft = image.width;
    let inkRight = 0;
    for (let y = title.y; y < title.y + title.height; y++)
      for (let x = 0; x < image.width; x++)
        if (image.data[(y * image.width + x) * 4]! < 128) {
          inkLeft = Math.min(inkLeft, x);
          inkRight = Math.max(inkRight, x);
        }
    expect(inkRight - inkLeft).toBeGreaterThan(6 * 40); // six characters at 48 dots each, give or take
    expect(Math.abs((inkLeft + inkRight) / 2 - image.width / 2)).toBeLessThan(12);
  });

  it('writes the PNG of each cut receipt to the output folder', async () => {
    let file: Buffer | undefined;
    for (let i = 0; i < 100 && file === undefined; i++) {
      file = await readFile(join(outDir, 'receipt-1.png')).catch(() => undefined);
      if (file === undefined) await sleep(20);
    }
    expect(file).toEqual(receipt.png());
  });
});
