/**
 * Receipt job throughput through drivers/receipt over a real pty opened at 115200 baud, against
 * the wire rate of 115200 8N1 (10 bits a byte: 11,520 bytes/s). A pty does not pace bytes at
 * the baud rate, so this shows whether the driver (encoding, a status round trip per block)
 * would keep a real 115200 line busy: goal ≥ 1× the wire rate. A second figure sets the driver
 * beside raw writes of the same bytes over the same pty, for the cost of the status checks.
 */
import { performance } from 'node:perf_hooks';
import { ReceiptPrinter } from '../../drivers/receipt/receipt-printer.js';
import { openPtyPair } from '../../simulator/pty/pty-pair.js';
import { MinimalPrinter } from '../drivers/receipt/helpers/minimal-printer.js';
import { PtySerialTransport } from '../drivers/receipt/helpers/pty-serial-transport.js';
import { concatBlocks, sampleReceipt } from '../drivers/receipt/helpers/sample-receipt.js';
import { report } from './report.js';

const WIRE_BYTES_PER_SECOND = 115200 / 10;
const JOBS = 40;

const pair = await openPtyPair({ name: 'receipt-bench' });
const device = await MinimalPrinter.open(pair.devicePath);
const transport = new PtySerialTransport(pair.hostPath, 115200);
await transport.open();
const printer = new ReceiptPrinter(transport);

try {
  const job = sampleReceipt(12);
  for (let i = 0; i < 3; i++) await printer.print(job); // warm-up

  const start = performance.now();
  for (let i = 0; i < JOBS; i++) await printer.print(job);
  const driverSeconds = (performance.now() - start) / 1000;
  const driverRate = (JOBS * job.byteLength) / driverSeconds;

  // the same bytes, written raw, until the printer end has them all
  const bytes = concatBlocks(job);
  const target = device.printed.length + JOBS * bytes.length;
  const rawStart = performance.now();
  for (let i = 0; i < JOBS; i++) await transport.write(bytes);
  while (device.rolls[0]!.length < target) await new Promise((r) => setTimeout(r, 1));
  const rawRate = (JOBS * bytes.length) / ((performance.now() - rawStart) / 1000);

  console.log(`${JOBS} jobs of ${job.byteLength} bytes in ${job.blocks.length} blocks each`);
  report({
    name: 'receipt job over a pty at 115200 baud (drivers/receipt, status check per block)',
    value: driverRate,
    unit: 'bytes/s',
    peer: { name: 'wire rate of 115200 8N1', value: WIRE_BYTES_PER_SECOND },
    better: 'higher',
    goal: { min: 1 },
  });
  report({
    name: 'receipt job over a pty (drivers/receipt, status check per block)',
    value: driverRate,
    unit: 'bytes/s',
    peer: { name: 'raw writes of the same bytes, no status checks', value: rawRate },
    better: 'higher',
  });
} finally {
  await transport.close();
  await device.close();
  await pair.close();
}
