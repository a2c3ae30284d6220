import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { startReceiptPrinter, type ReceiptPrinter } from '../../../simulator/receipt/index.js';
import { escpos, sampleReceipt, sampleReceiptLines, statusReplies } from '../../../simulator/golden/escpos-vectors.js';
import { PrinterHost } from './printer-host.js';

describe('receipt printer simulator status and paper handling', () => {
  let printer: ReceiptPrinter;
  let host: PrinterHost;
  beforeEach(async () => {
    printer = await startReceiptPrinter();
    host = await PrinterHost.open(printer.hostPath);
  });
  afterEach(async () => {
    await host.close();
    await printer.close();
  });

  it('answers 0x12 to DLE EOT 1, 2 and 4 when all is well', async () => {
    expect(await host.status(1)).toBe(statusReplies.allClear);
    expect(await host.status(2)).toBe(statusReplies.allClear);
    expect(await host.status(4)).toBe(statusReplies.allClear);
  });

  it('reports no paper as 0x72 (n=4), paper-end stop (n=2) and offline (n=1)', async () => {
    printer.setPaper('out');
    expect(await host.status(4)).toBe(statusReplies.paperOut);
    expect(await host.status(2)).toBe(statusReplies.paperEndStopped);
    expect(await host.status(1)).toBe(statusReplies.printerOffline);
  });

  it('reports paper near end as 0x1E and still prints', async () => {
    printer.setPaper('near-end');
    expect(await host.status(4)).toBe(statusReplies.paperNearEnd);
    expect(await host.status(1)).toBe(statusReplies.allClear);
    await host.send(sampleReceipt);
    expect((await printer.waitForReceipts(1))[0]!.lines).toEqual(sampleReceiptLines);
  });

  it('reports an open cover on n=2 and as offline on n=1', async () => {
    printer.setCoverOpen(true);
    expect(await host.status(2)).toBe(statusReplies.coverOpen);
    expect(await host.status(1)).toBe(statusReplies.printerOffline);
    printer.setCoverOpen(false);
    expect(await host.status(2)).toBe(statusReplies.allClear);
  });

  it('stops mid-job when the roll runs out, keeps what it printed, and finishes after reloading', async () => {
    printer.runOutAfterLines(2);
    await host.send(sampleReceipt);
    await sleep(100);
    expect(await host.status(4)).toBe(statusReplies.paperOut);
    expect(printer.receipts).toHaveLength(0);
    expect(printer.current().lines.map((l) => l.text)).toEqual([sampleReceiptLines[0].text, sampleReceiptLines[1].text]);
    expect(printer.heldCommands()).toBeGreaterThan(0);

    printer.setPaper('ok');
    const [receipt] = await printer.waitForReceipts(1);
    expect(receipt!.lines).toEqual(sampleReceiptLines); // nothing lost, nothing doubled
    expect(await host.status(4)).toBe(statusReplies.allClear);
  });

  it('holds a whole job sent while out of paper and prints it once paper is back', async () => {
    printer.setPaper('out');
    await host.send(sampleReceipt);
    await sleep(100);
    expect(printer.current().elements).toHaveLength(0);
    printer.setPaper('ok');
    expect((await printer.waitForReceipts(1))[0]!.lines).toEqual(sampleReceiptLines);
  });

  it('prints two receipts for two cuts, each with its own lines', async () => {
    const line = (text: string) => Buffer.concat([Buffer.from(text, 'ascii'), escpos.lineFeed]);
    await host.send(Buffer.concat([escpos.init, line('first'), escpos.cut, escpos.boldOn, line('second'), escpos.feedAndCut]));
    const receipts = await printer.waitForReceipts(2);
    expect(receipts.map((r) => r.lines)).toEqual([
      [{ text: 'first', bold: false, align: 'left', width: 1, height: 1 }],
      [{ text: 'second', bold: true, align: 'left', width: 1, height: 1 }],
    ]);
  });
});
