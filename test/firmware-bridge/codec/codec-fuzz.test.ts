import type { Transform } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Decoded } from '../../../firmware-bridge/codec/decoded.js';
import { DelimiterDecoder } from '../../../firmware-bridge/codec/delimiter-decoder.js';
import { FixedLengthDecoder } from '../../../firmware-bridge/codec/fixed-length-decoder.js';
import { encodeSamFrame } from '../../../firmware-bridge/codec/sam-frame-encoder.js';
import { SamFrameDecoder } from '../../../firmware-bridge/codec/sam-frame-decoder.js';
import { feed } from '../helpers/collect.js';
import { random } from '../helpers/random.js';

const FRAMES = 100_000;

/**
 * Pushes `count` generated pieces through a decoder in random-sized chunks, checking after
 * every chunk that the buffer stays under `bound`. Returns what the decoder pushed.
 */
async function pump(decoder: Transform & { bufferedBytes: number }, count: number, piece: (i: number) => Buffer, bound: number, seed: number) {
  const r = random(seed);
  const out: Decoded[] = [];
  decoder.on('data', (item: Decoded) => out.push(item));
  let batch: Buffer[] = [];
  let size = 0;
  let maxBuffered = 0;
  const target = () => 1 + r.int(4096);
  let next = target();
  for (let i = 0; i < count; i++) {
    const p = piece(i);
    batch.push(p);
    size += p.length;
    if (size >= next || i === count - 1) {
      await feed(decoder, Buffer.concat(batch));
      maxBuffered = Math.max(maxBuffered, decoder.bufferedBytes);
      expect(decoder.bufferedBytes).toBeLessThanOrEqual(bound);
      batch = [];
      size = 0;
      next = target();
    }
  }
  return { out, maxBuffered };
}

describe('codec fuzz (≥ 100,000 random and mutated frames each)', () => {
  it('SAM decoder: finds every intact frame among garbage, never invents one, stays bounded', async () => {
    const r = random(1);
    const max = 2048;
    const decoder = new SamFrameDecoder({ maxLength: max });
    const sent: string[] = [];
    const { out } = await pump(
      decoder,
      FRAMES,
      (i) => {
        // Every third piece is an intact frame, the rest mutated frames or raw noise. Noise and
        // mutations never contain 0xAA here so that each intact frame must be found exactly.
        if (i % 3 === 0) {
          const frame = encodeSamFrame(r.bytes(1 + r.int(40)).map((b) => (b === 0xaa ? 0xab : b)));
          sent.push(frame.subarray(7, -1).toString('hex'));
          return frame;
        }
        const junk = i % 3 === 1 ? r.mutate(encodeSamFrame(r.bytes(1 + r.int(40)))) : r.bytes(r.int(64));
        return junk.map((b) => (b === 0xaa ? 0xab : b)) as Buffer;
      },
      7 + max,
      2,
    );
    const got = out.flatMap((d) => (d.type === 'frame' ? [d.frame.toString('hex')] : []));
    expect(got).toEqual(sent);
  });

  it('SAM decoder: arbitrary mutations (false preambles, huge lengths) never throw, report both fault kinds and keep decoding', async () => {
    const r = random(3);
    const max = 1400;
    const decoder = new SamFrameDecoder({ maxLength: max });
    const { out } = await pump(
      decoder,
      FRAMES,
      () => {
        switch (r.int(4)) {
          case 0:
            return r.mutate(encodeSamFrame(r.bytes(1 + r.int(1300))));
          case 1:
            return Buffer.concat([Buffer.from([0xaa, 0xaa, 0xaa, 0x96, 0x69]), r.bytes(2 + r.int(8))]);
          case 2:
            return r.bytes(r.int(32));
          default:
            return encodeSamFrame(r.bytes(1 + r.int(64)));
        }
      },
      7 + max,
      4,
    );
    expect(out.filter((d) => d.type === 'frame').length).toBeGreaterThan(FRAMES / 8);
    expect(out.some((d) => d.type === 'fault' && d.error.code === 'FRAME_TOO_LONG')).toBe(true);
    expect(out.some((d) => d.type === 'fault' && d.error.code === 'FRAME_CHECKSUM')).toBe(true);
  });

  it('delimiter decoder: every line under the limit comes out whole, longer ones are dropped, buffer bounded', async () => {
    const r = random(5);
    const decoder = new DelimiterDecoder({ maxLength: 256 });
    const expected: string[] = [];
    const { out } = await pump(
      decoder,
      FRAMES,
      () => {
        const long = r.int(50) === 0;
        const line = r.bytes(long ? 257 + r.int(500) : 1 + r.int(120)).map((b) => (b === 0x0d || b === 0x0a ? 0x20 : b)) as Buffer;
        if (!long) expected.push(line.toString('hex'));
        return Buffer.concat([line, r.int(2) ? Buffer.from([0x0d]) : Buffer.from([0x0d, 0x0a])]);
      },
      256,
      6,
    );
    expect(out.flatMap((d) => (d.type === 'frame' ? [d.frame.toString('hex')] : []))).toEqual(expected);
    expect(out.filter((d) => d.type === 'fault').length).toBe(FRAMES - expected.length);
  });

  it('fixed-length decoder: random chunking yields exactly the bytes sent, in frames', async () => {
    const r = random(7);
    const decoder = new FixedLengthDecoder({ length: 3 });
    const sent: Buffer[] = [];
    const { out } = await pump(
      decoder,
      FRAMES,
      () => {
        const b = r.bytes(r.int(10));
        sent.push(b);
        return b;
      },
      2,
      8,
    );
    const all = Buffer.concat(sent);
    const frames = out.flatMap((d) => (d.type === 'frame' ? [d.frame] : []));
    expect(frames.every((f) => f.length === 3)).toBe(true);
    expect(Buffer.concat(frames).equals(all.subarray(0, all.length - (all.length % 3)))).toBe(true);
  });
});
