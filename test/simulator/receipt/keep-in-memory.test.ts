import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiptPrinter, type ReceiptPrinter } from '../../../simulator/receipt/printer.js';
import { PrinterHost } from './printer-host.js';

// ESC @, a text line, GS V 0 (cut)
const receiptSaying = (text: string) => Buffer.concat([Buffer.from([0x1b, 0x40]), Buffer.from(`${text}\n`), Buffer.from([0x1d, 0x56, 0x00])]);

async function fileOf(path: string): Promise<string> {
  for (let i = 0; i < 250; i++) {
    const text = await readFile(path, 'utf8').catch(() => undefined);
    if (text !== undefined) return text;
    await sleep(20);
  }
  throw new Error(`${path} was never written`);
}

describe('a receipt printer that runs for weeks keeps only its last receipts in memory', () => {
  let printer: ReceiptPrinter;
  let host: PrinterHost;
  let outDir: string;

  beforeAll(async () => {
    outDir = await mkdtemp(join(tmpdir(), 'sealdesk-receipt-keep-'));
    printer = await startReceiptPrinter({ outDir, keepInMemory: 2 });
    host = await PrinterHost.open(printer.hostPath);
    for (const n of [1, 2, 3, 4, 5]) await host.send(receiptSaying(`receipt ${n}`));
    await printer.waitForReceipts(5);
  });
  afterAll(async () => {
    await host.close();
    await printer.close();
    await rm(outDir, { recursive: true, force: true });
  });

  it('holds the last two, numbered as cut', () => {
    expect(printer.receipts.map((r) => [r.index, r.lines.map((l) => l.text)])).toEqual([
      [3, ['receipt 4']],
      [4, ['receipt 5']],
    ]);
  });

  it('still writes every receipt to its folder, the dropped ones included', async () => {
    for (const n of [1, 2, 3, 4, 5]) expect(JSON.parse(await fileOf(join(outDir, `receipt-${n}.json`))).lines.map((l: { text: string }) => l.text)).toEqual([`receipt ${n}`]);
  });
});
