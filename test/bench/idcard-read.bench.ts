/**
 * ID read (text + photo) through drivers/idcard over a real pty, the reader played by this
 * script with the 1,295-byte golden reply paced at 115200 baud 8N1 (a pty has no baud rate, so
 * the pacing makes it a wire). Peer: the wire time of the bytes exchanged (request + reply), so
 * the ratio is the driver's own overhead on top of the wire. Goal ≤ 1.1.
 */
import { SerialPort } from 'serialport';
import { IdCardReader } from '../../drivers/idcard/idcard-reader.js';
import { openPtyPair } from '../../simulator/pty/pty-pair.js';
import { REQUEST, readReply } from '../drivers/idcard/fixtures.js';
import { report } from './report.js';

const BAUD = 115200;
const BYTES_PER_SECOND = BAUD / 10; // 8N1: start + 8 data + stop bits per byte
const RUNS = 30;

const pair = await openPtyPair();
const device = await new Promise<SerialPort>((resolve, reject) => {
  const p = new SerialPort({ path: pair.devicePath, baudRate: BAUD }, (e) => (e ? reject(e) : resolve(p)));
});
const reply = readReply();

/** Writes the reply as a UART would: byte n leaves no earlier than n / 11,520 s after the start. */
async function paced(bytes: Buffer): Promise<void> {
  const start = process.hrtime.bigint();
  let sent = 0;
  while (sent < bytes.length) {
    const elapsedS = Number(process.hrtime.bigint() - start) / 1e9;
    const due = Math.min(bytes.length, Math.floor(elapsedS * BYTES_PER_SECOND) + 1);
    if (due > sent) {
      device.write(bytes.subarray(sent, due));
      sent = due;
    }
    if (sent < bytes.length) await new Promise((r) => setTimeout(r, 1));
  }
}

let pending = Buffer.alloc(0);
device.on('data', (chunk: Buffer) => {
  pending = Buffer.concat([pending, chunk]);
  if (pending.length < 10) return;
  const request = pending.subarray(0, 10);
  pending = pending.subarray(10);
  if (!request.equals(REQUEST.readTextAndPhoto)) throw new Error(`unexpected request ${request.toString('hex')}`);
  // The request itself takes 10 byte times on the wire before the reader can answer.
  setTimeout(() => void paced(reply), (10 / BYTES_PER_SECOND) * 1000);
});

const reader = await IdCardReader.open(pair.hostPath);
const times: number[] = [];
for (let i = 0; i < RUNS + 3; i++) {
  const t0 = process.hrtime.bigint();
  const card = await reader.readTextAndPhoto();
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (card.photo.length !== 1024) throw new Error('photo lost');
  if (i >= 3) times.push(ms); // the first reads warm up the JIT
}
await reader.close();
await new Promise((r) => device.close(() => r(undefined)));
await pair.close();

times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)] as number;
const wireMs = ((REQUEST.readTextAndPhoto.length + reply.length) / BYTES_PER_SECOND) * 1000;
report({
  name: `ID read text + photo (${reply.length}-byte reply, 115200 8N1, pty), median of ${RUNS}`,
  value: median,
  unit: 'ms',
  peer: { name: 'wire time of the bytes exchanged', value: wireMs },
  better: 'lower',
  goal: { max: 1.1 },
});
