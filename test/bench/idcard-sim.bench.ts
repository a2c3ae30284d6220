/**
 * The same measurement as idcard-read.bench.ts, but against the independent reader simulator
 * (startIdCardReader({ pace: true }): replies leave at 115200 8N1 speed) instead of a reader played
 * by the bench, so it also covers the simulator's own command parsing and reply building.
 * Peer: the wire time of the bytes exchanged. Goal ≤ 1.1. (The simulator paces its reply; the
 * 10-byte request crosses the pty at once, so this ratio runs ~1 % kinder than idcard-read.)
 */
import { IdCardReader } from '../../drivers/idcard/idcard-reader.js';
import { sampleCitizen, startIdCardReader } from '../../simulator/idcard/index.js';
import { report } from './report.js';

const BYTES_PER_SECOND = 115200 / 10; // 8N1: start + 8 data + stop bits per byte
const REQUEST_BYTES = 10; // AA AA AA 96 69 00 03 30 01 32
const REPLY_BYTES = 1295;
const RUNS = 30;

const sim = await startIdCardReader({ identity: sampleCitizen(), pace: true });
const reader = await IdCardReader.open(sim.hostPath);
const times: number[] = [];
for (let i = 0; i < RUNS + 3; i++) {
  const t0 = process.hrtime.bigint();
  const card = await reader.readTextAndPhoto();
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (card.photo.length !== 1024 || card.name !== '李华') throw new Error('card misread');
  if (i >= 3) times.push(ms); // the first reads warm up the JIT
}
await reader.close();
await sim.close();

times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)] as number;
report({
  name: `ID read text + photo against the paced reader simulator (${REPLY_BYTES}-byte reply, 115200 8N1, pty), median of ${RUNS}`,
  value: median,
  unit: 'ms',
  peer: { name: 'wire time of the bytes exchanged', value: ((REQUEST_BYTES + REPLY_BYTES) / BYTES_PER_SECOND) * 1000 },
  better: 'lower',
  goal: { max: 1.1 },
});
