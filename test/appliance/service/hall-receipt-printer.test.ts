/**
 * The hall's receipt printer after a receipt the printer never answered about (issue 18: after one
 * DEVICE_TIMEOUT every later receipt was DEVICE_BUSY until the stuck one was reprinted, and the
 * counter's panel called it "out of paper"). The printer is played from protocols.md on a real pty.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { HallReceiptPrinter } from '../../../appliance/service/devices/hall-receipt-printer.js';
import { openPtyPair } from '../../../simulator/pty/pty-pair.js';
import { MinimalPrinter } from '../../drivers/receipt/helpers/minimal-printer.js';
import { concatBlocks, sampleReceipt } from '../../drivers/receipt/helpers/sample-receipt.js';
import { failure } from '../../helpers/failure.js';

const pair = await openPtyPair({ name: 'receipt' });
const device = await MinimalPrinter.open(pair.devicePath);
const hall = new HallReceiptPrinter(pair.hostPath);
afterAll(async () => {
  await hall.close();
  await device.close();
  await pair.close();
});

describe('the hall receipt printer after a receipt without answer', () => {
  it('names it no-reply (not paper out), lets the next receipt print, and prints the unanswered one again on its retry', { timeout: 60_000 }, async () => {
    device.silent = true; // switched off behind its cable
    const first = await failure(hall.print('stamp-a', () => sampleReceipt(1)));
    expect(first.code).toBe('DEVICE_TIMEOUT');
    expect([hall.activity, hall.waitingFor]).toEqual(['no-reply', undefined]);

    device.silent = false; // back on
    const jobB = sampleReceipt(2);
    const second = await hall.print('stamp-b', () => jobB);
    expect(second).toMatchObject({ blocksSent: jobB.blocks.length, resumed: false });
    expect(device.printed).toEqual(concatBlocks(jobB));
    expect(hall.activity).toBe('idle');

    // the first stamp's retry: its receipt from the start, once
    const jobA = sampleReceipt(1);
    const retried = await hall.print('stamp-a', () => jobA);
    expect(retried).toMatchObject({ blocksSent: jobA.blocks.length, resumed: false });
    expect(device.printed).toEqual(Buffer.concat([concatBlocks(jobB), concatBlocks(jobA)]));
  });

  it('paper out holds the receipt: the panel says paper-out and another receipt is DEVICE_BUSY until it is resumed', { timeout: 60_000 }, async () => {
    device.runOutOfPaper();
    const stopped = await failure(hall.print('stamp-c', () => sampleReceipt(1)));
    expect(stopped.code).toBe('PRINTER_PAPER_OUT');
    expect([hall.activity, hall.waitingFor]).toEqual(['paper-out', 'stamp-c']);
    expect((await failure(hall.print('stamp-d', () => sampleReceipt(1)))).code).toBe('DEVICE_BUSY');
    device.loadPaper();
    expect(await hall.print('stamp-c', () => sampleReceipt(1))).toMatchObject({ resumed: true });
    expect([hall.activity, hall.waitingFor]).toEqual(['idle', undefined]);
  });
});
