import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type Socket } from 'node:net';
import { startReceiptPrinter, type ReceiptPrinter } from '../../../simulator/receipt/index.js';
import { escpos, sampleReceipt, sampleReceiptLines, statusReplies } from '../../../simulator/golden/escpos-vectors.js';

describe('receipt printer simulator on TCP (port-9100 style, ephemeral port)', () => {
  let printer: ReceiptPrinter;
  let socket: Socket;
  const received: number[] = [];
  beforeAll(async () => {
    printer = await startReceiptPrinter({ tcp: true });
    socket = connect(printer.tcpPort!, '127.0.0.1');
    socket.on('data', (chunk) => received.push(...chunk));
    await new Promise<void>((resolve) => socket.once('connect', resolve));
  });
  afterAll(async () => {
    socket.destroy();
    await printer.close();
  });

  it('prints a job sent over TCP and answers status on the same socket', async () => {
    expect(printer.tcpPort).toBeGreaterThan(0);
    socket.write(Buffer.concat([sampleReceipt, escpos.statusPaper]));
    const [receipt] = await printer.waitForReceipts(1);
    expect(receipt!.lines).toEqual(sampleReceiptLines);
    for (let i = 0; i < 100 && received.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(received).toEqual([statusReplies.allClear]);
  });
});
