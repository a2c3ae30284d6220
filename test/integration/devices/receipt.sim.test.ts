import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import { afterEach, describe, expect, it } from 'vitest';
import { toBitmap, type Bitmap } from '../../../drivers/receipt/encoder/bitmap.js';
import { receiptJob, type ReceiptJob } from '../../../drivers/receipt/job/receipt-job.js';
import { ReceiptPrinter } from '../../../drivers/receipt/receipt-printer.js';
import { SerialTransport } from '../../../firmware-bridge/transport/serial-transport.js';
import { startReceiptPrinter, type PrintedReceipt } from '../../../simulator/receipt/index.js';
import { failure } from '../../helpers/failure.js';

// jsqr is CommonJS with an ES-style default in its types; at run time the function is on .default.
const jsQR = jsQRModule.default;

const VERIFY_URL = 'https://verify.sealdesk.example/e/01JD5K9Q8W?seal=不动产登记专用章';
const LINES = ['不动产登记受理回执', '申请人：李华', '业务：不动产权证书补发', '受理时间：2026-11-25 09:30', '请妥善保管，凭此回执领证'];

/** A red seal ring with a star-ish cross, on a transparent background (RGBA), as the seal thumbnail. */
function sealBitmap(size = 96): Bitmap {
  const data = new Uint8Array(size * size * 4);
  const c = (size - 1) / 2;
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const r = Math.hypot(x - c, y - c);
      if ((r <= c && r >= c - 5) || (r < c - 12 && (Math.abs(x - c) < 3 || Math.abs(y - c) < 3))) data.set([200, 20, 30, 255], (y * size + x) * 4);
    }
  return toBitmap({ width: size, height: size, channels: 4, data });
}

function job(seal: Bitmap): ReceiptJob {
  const b = receiptJob().align('centre').bold().size(2).line(LINES[0]).bold(false).size(1).align('left');
  for (const line of LINES.slice(1, 4)) b.line(line);
  return b.align('centre').qr(VERIFY_URL, { moduleSize: 4, errorLevel: 'M' }).image(seal).line(LINES[4]).feedAndCut(3).build();
}

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step().catch(() => undefined);
});

async function rig() {
  const sim = await startReceiptPrinter();
  cleanup.push(() => sim.close());
  const transport = new SerialTransport({ path: sim.hostPath, baudRate: 115200 });
  await transport.open();
  cleanup.push(() => transport.close());
  return { sim, printer: new ReceiptPrinter(transport, { statusTimeoutMs: 1000 }) };
}

/** What a person checks on the printed paper: the text lines, the QR read by a decoder, the seal dots. */
function readPaper(receipt: PrintedReceipt, seal: Bitmap) {
  const png = PNG.sync.read(receipt.png());
  const qr = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
  const rasterIndex = receipt.elements.findIndex((e) => e.kind === 'raster');
  const place = receipt.layout().find((p) => p.element === rasterIndex);
  let sealDotsMatch = place !== undefined;
  for (let y = 0; place && y < seal.height; y++)
    for (let x = 0; x < seal.width; x++) {
      const inked = ((seal.data[y * seal.bytesPerRow + (x >> 3)]! >> (7 - (x & 7))) & 1) === 1;
      const dark = png.data[((place.y + y) * png.width + place.x + x) * 4]! < 128;
      if (inked !== dark) sealDotsMatch = false;
    }
  return { text: receipt.lines.map((l) => l.text), qr: qr?.data, sealDotsMatch };
}

describe('receipt driver ↔ ESC/POS printer simulator over a real pty', () => {
  it('prints Chinese text, a verification QR and the seal thumbnail: the rendered PNG reads back as sent', async () => {
    const { sim, printer } = await rig();
    const seal = sealBitmap();
    const result = await printer.print(job(seal));
    expect(result.warnings).toEqual([]);
    const [receipt] = await sim.waitForReceipts(1);
    const paper = readPaper(receipt!, seal);
    expect(paper.text).toEqual(LINES);
    expect(paper.qr).toBe(VERIFY_URL);
    expect(paper.sealDotsMatch).toBe(true);
    expect(receipt!.lines[0]).toMatchObject({ bold: true, align: 'centre', width: 2, height: 2 });
    expect(sim.unknownCommands).toEqual([]);
  });

  it('paper runs out mid-job → PRINTER_PAPER_OUT; paper in + resume() completes the receipt exactly once', async () => {
    const { sim, printer } = await rig();
    const seal = sealBitmap();
    sim.runOutAfterLines(2);
    const error = await failure(printer.print(job(seal)));
    expect(error.code).toBe('PRINTER_PAPER_OUT');
    expect(error.messageZh).toBe('打印机缺纸，请装纸后继续。');
    expect(sim.receipts).toHaveLength(0);
    expect(sim.current().lines.map((l) => l.text)).toEqual(LINES.slice(0, 2));
    expect((await failure(printer.print(job(seal)))).code).toBe('DEVICE_BUSY'); // the stopped job keeps its place

    sim.setPaper('ok');
    await printer.resume();
    const [receipt] = await sim.waitForReceipts(1);
    const paper = readPaper(receipt!, seal);
    expect(paper.text).toEqual(LINES); // nothing lost, nothing twice
    expect(paper.qr).toBe(VERIFY_URL);
    expect(paper.sealDotsMatch).toBe(true);
    await new Promise((r) => setTimeout(r, 100));
    expect(sim.receipts).toHaveLength(1);
    expect(printer.interrupted).toBeUndefined();
  });

  it('cover open before the job → PRINTER_COVER_OPEN, nothing printed; closed + resume() prints it once', async () => {
    const { sim, printer } = await rig();
    const seal = sealBitmap(48);
    sim.setCoverOpen(true);
    expect((await failure(printer.print(job(seal)))).code).toBe('PRINTER_COVER_OPEN');
    expect(sim.current().elements).toEqual([]);
    sim.setCoverOpen(false);
    await printer.resume();
    const [receipt] = await sim.waitForReceipts(1);
    expect(readPaper(receipt!, seal).text).toEqual(LINES);
  });
});

describe('receipt driver ↔ simulator: warnings and offline', () => {
  it('paper near end is a warning (zh and en) and the receipt still prints; offline → PRINTER_OFFLINE', async () => {
    const { sim, printer } = await rig();
    const seal = sealBitmap(32);
    sim.setPaper('near-end');
    const result = await printer.print(job(seal));
    expect(result.warnings.map((w) => [w.kind, w.zh])).toEqual([['paper-near-end', '打印纸即将用完，请准备新纸卷。']]);
    expect((await sim.waitForReceipts(1))[0]!.lines.map((l) => l.text)).toEqual(LINES);
    sim.setOffline(true);
    expect((await failure(printer.print(job(seal)))).code).toBe('PRINTER_OFFLINE');
  });
});
