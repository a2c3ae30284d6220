import { afterEach, describe, expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { ReceiptPrinter } from '../../../drivers/receipt/receipt-printer.js';
import { openPtyPair, type PtyPair } from '../../../simulator/pty/pty-pair.js';
import { MinimalPrinter } from './helpers/minimal-printer.js';
import { PtySerialTransport } from './helpers/pty-serial-transport.js';
import { concatBlocks, sampleReceipt } from './helpers/sample-receipt.js';
import { failure } from '../../helpers/failure.js';

interface Rig {
  pair: PtyPair;
  transport: PtySerialTransport;
  device: MinimalPrinter;
  printer: ReceiptPrinter;
}

const open: Rig[] = [];

async function rig(paper: { capacity?: number; nearEndBelow?: number } = {}, statusTimeoutMs = 1000): Promise<Rig> {
  const pair = await openPtyPair({ name: 'receipt' });
  const device = await MinimalPrinter.open(pair.devicePath, paper);
  const transport = new PtySerialTransport(pair.hostPath);
  await transport.open();
  const r = { pair, transport, device, printer: new ReceiptPrinter(transport, { statusTimeoutMs }) };
  open.push(r);
  return r;
}

afterEach(async () => {
  for (const r of open.splice(0)) {
    await r.transport.close();
    await r.device.close();
    await r.pair.close();
  }
});


const hex = (...b: number[]) => Buffer.from(b).toString('hex');

describe('receipt printer driver over a real pty, against a printer played from protocols.md', () => {
  it('prints a whole receipt: the printer gets exactly the job bytes, status asked before and after every block', async () => {
    const { device, printer } = await rig();
    const job = sampleReceipt();
    const result = await printer.print(job);

    expect(result).toEqual({ blocksSent: job.blocks.length, warnings: [] });
    const printed = device.printed;
    expect(printed).toEqual(concatBlocks(job));
    // what a user reading the wire would look for: init + Chinese mode, the title in GB18030,
    // the QR store with pL = 44 URL bytes + 3, the raster header of the 64×64 seal, feed 3 and cut
    const wire = printed.toString('hex');
    expect(wire.startsWith(hex(0x1b, 0x40, 0x1c, 0x26))).toBe(true);
    expect(wire).toContain(Buffer.from([0xb2, 0xbb, 0xb6, 0xaf, 0xb2, 0xfa]).toString('hex')); // 不动产
    expect(wire).toContain(hex(0x1d, 0x28, 0x6b, 47, 0x00, 0x31, 0x50, 0x30) + Buffer.from('https://verify').toString('hex'));
    expect(wire).toContain(hex(0x1d, 0x76, 0x30, 0x00, 8, 0, 64, 0));
    expect(wire.endsWith(hex(0x1c, 0x2e, 0x1d, 0x56, 0x41, 0x03))).toBe(true);
    expect(device.statusRequests).toBe(3 * (job.blocks.length + 1));
    expect(printer.interrupted).toBeUndefined();
  });

  it('out of paper before the job: PRINTER_PAPER_OUT, nothing printed; after loading paper resume prints it all once', async () => {
    const { device, printer } = await rig();
    device.runOutOfPaper();
    const job = sampleReceipt();

    const error = await failure(printer.print(job));
    expect(error.code).toBe('PRINTER_PAPER_OUT');
    expect(error.messageZh).toBe('打印机缺纸，请装纸后继续。');
    expect(error.details).toMatchObject({ blocksSent: 0, blocksLeft: job.blocks.length });
    expect(device.printed.length).toBe(0);
    expect(device.held).toBe(0);
    // a second job cannot jump the queue while this one waits
    expect((await failure(printer.print(sampleReceipt(1)))).code).toBe('DEVICE_BUSY');

    device.loadPaper();
    const result = await printer.resume();
    expect(result.blocksSent).toBe(job.blocks.length);
    expect(device.printed).toEqual(concatBlocks(job));
    expect(printer.interrupted).toBeUndefined();
  });

  it('paper runs out inside a block: the printer keeps the rest of it and prints it on the new roll; resume sends only the blocks after it', async () => {
    const job = sampleReceipt();
    const k = 4;
    const capacity = concatBlocks(job, 0, k).length + 5; // five bytes into block k
    const { device, printer } = await rig({ capacity });

    const error = await failure(printer.print(job));
    expect(error.code).toBe('PRINTER_PAPER_OUT');
    // block k reached the printer (it answered after it): it is held, not lost
    expect(error.details).toMatchObject({ blocksSent: k + 1, blocksLeft: job.blocks.length - k - 1 });
    expect(printer.interrupted?.next).toBe(k + 1);
    expect(device.roll(0)).toEqual(Buffer.concat([concatBlocks(job, 0, k), job.blocks[k]!.subarray(0, 5)]));
    expect(device.held).toBe(job.blocks[k]!.length - 5);

    device.loadPaper();
    const result = await printer.resume();
    expect(result.blocksSent).toBe(job.blocks.length - k - 1);
    expect(device.roll(1)).toEqual(concatBlocks(job, k).subarray(5));
    expect(device.printed).toEqual(concatBlocks(job)); // every byte exactly once
    expect(printer.interrupted).toBeUndefined();
    await expect(printer.resume()).rejects.toMatchObject({ code: 'INPUT_INVALID' });
  });

  it('paper runs out exactly at a block boundary: every byte of the job is printed exactly once across the two rolls', async () => {
    const job = sampleReceipt();
    const k = 3;
    const { device, printer } = await rig({ capacity: concatBlocks(job, 0, k).length });

    expect((await failure(printer.print(job))).details).toMatchObject({ blocksSent: k + 1 });
    device.loadPaper();
    await printer.resume();
    expect(device.roll(0)).toEqual(concatBlocks(job, 0, k));
    expect(device.roll(1)).toEqual(concatBlocks(job, k));
    expect(device.printed).toEqual(concatBlocks(job));
  });

  it('cover open → PRINTER_COVER_OPEN, offline → PRINTER_OFFLINE; the job resumes once cleared', async () => {
    const { device, printer } = await rig();
    const job = sampleReceipt(2);
    device.coverOpen = true;
    const cover = await failure(printer.print(job));
    expect(cover.code).toBe('PRINTER_COVER_OPEN');
    expect(cover.messageZh).toBe('打印机上盖打开，请合上后继续。');

    device.coverOpen = false;
    device.offline = true;
    expect((await failure(printer.resume())).code).toBe('PRINTER_OFFLINE');

    device.offline = false;
    await printer.resume();
    expect(device.printed).toEqual(concatBlocks(job));
  });

  it('paper near end is a warning in zh and en; the job still prints', async () => {
    const job = sampleReceipt(2);
    const { device, printer } = await rig({ capacity: job.byteLength + 100, nearEndBelow: 200 });
    const result = await printer.print(job);
    expect(result.warnings).toEqual([expect.objectContaining({ kind: 'paper-near-end', zh: expect.any(String), en: expect.any(String) })]);
    expect(device.printed).toEqual(concatBlocks(job));
  });

  it('the cable pulled mid-job: a typed device error, not a hang, and the job keeps the last place the printer confirmed', async () => {
    const { pair, device, printer } = await rig({}, 500);
    const job = sampleReceipt();
    // three status bytes per check; after the check that confirms block 0 the printer falls
    // silent and, shortly after, socat goes away as a pulled USB adapter does
    device.afterAnswer = (count) => {
      if (count !== 6) return;
      device.silent = true;
      setTimeout(() => void pair.close(), 100);
    };
    const error = await failure(printer.print(job));
    expect(['DEVICE_DISCONNECTED', 'DEVICE_TIMEOUT']).toContain(error.code);
    // block 1 reached the printer but was never confirmed: the driver does not count it
    expect(device.printed).toEqual(concatBlocks(job, 0, 2));
    expect(printer.interrupted?.next).toBe(1);
  });

  it('a printer that never answers gives DEVICE_TIMEOUT, not a hang, and no job bytes are sent', async () => {
    const { device, printer } = await rig({}, 300);
    device.silent = true;
    const started = Date.now();
    const error = await failure(printer.print(sampleReceipt(1)));
    expect(error.code).toBe('DEVICE_TIMEOUT');
    expect(Date.now() - started).toBeLessThan(2000);
    expect(device.printed.length).toBe(0);
  });

  it('a status answer later than the old fixed second (a busy host) is still within the reply allowance: the receipt prints whole', async () => {
    const { device, printer } = await rig({}, 3000);
    device.answerDelayMs = 1100;
    const job = sampleReceipt(1);
    const result = await printer.print(job);
    expect(result.blocksSent).toBe(job.blocks.length);
    expect(device.printed).toEqual(concatBlocks(job));
    expect(printer.interrupted).toBeUndefined();
  });

  it('a status answer that never comes in time: DEVICE_TIMEOUT, and the next receipt goes ahead (no DEVICE_BUSY), the late answer not taken for its own', async () => {
    const { device, printer } = await rig({}, 1000);
    device.answerDelayMs = 1600; // past the allowance: the first check times out, its answer arrives during the next job's
    const first = await failure(printer.print(sampleReceipt(1)));
    expect(first.code).toBe('DEVICE_TIMEOUT');
    expect(printer.interrupted?.cause).toBe('no-reply');
    // the late answer is on the line before the next job asks: one arriving only after the next
    // question cannot be told from its answer (status bytes carry no sequence), and on a busy host
    // the pty's timing would decide which this test saw
    await sleep(Math.max(0, device.lastAnswerDue - Date.now()) + 150);

    // the printer answers promptly again (after the late answer, in order) and is out of paper now:
    // the late "all clear" taken for the fresh answer would send the receipt into a printer with no paper
    device.answerDelayMs = 0;
    device.runOutOfPaper();
    const second = await failure(printer.print(sampleReceipt(2)));
    expect(second.code).toBe('PRINTER_PAPER_OUT');
    expect(printer.interrupted).toMatchObject({ cause: 'printer-stopped', next: 0 });
    expect([device.printed.length, device.held]).toEqual([0, 0]);

    device.loadPaper();
    const job = sampleReceipt(2);
    const resumed = await printer.resume();
    expect(resumed.blocksSent).toBe(job.blocks.length);
    expect(device.printed).toEqual(concatBlocks(job));
    expect(printer.interrupted).toBeUndefined();
  });
});
