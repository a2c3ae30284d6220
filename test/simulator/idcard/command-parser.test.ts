import { describe, expect, it } from 'vitest';
import { HostFrameParser } from '../../../simulator/idcard/command-parser.js';
import { samCommands } from '../../../simulator/golden/sam-vectors.js';

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

describe('reader-side framing of host bytes', () => {
  it('takes every golden command frame, split at every possible point', () => {
    for (const frame of Object.values(samCommands)) {
      for (let cut = 1; cut < frame.length; cut++) {
        const parser = new HostFrameParser();
        const events = [...parser.push(frame.subarray(0, cut)), ...parser.push(frame.subarray(cut))];
        expect(events).toEqual([{ kind: 'command', command: frame[7], parameter: frame[8] }]);
      }
    }
  });

  it('survives 200,000 random and mutated bytes with bounded memory, then reads a good frame', () => {
    const next = random(20261125);
    const parser = new HostFrameParser();
    let maxBuffered = 0;
    for (let i = 0; i < 2000; i++) {
      const chunk = Buffer.from(Array.from({ length: 100 }, () => Math.floor(next() * 256)));
      if (next() < 0.3) samCommands.findCard.copy(chunk, Math.floor(next() * 90)); // a frame among the noise
      if (next() < 0.2) chunk[Math.floor(next() * 100)] = 0xaa;
      parser.push(chunk);
      maxBuffered = Math.max(maxBuffered, parser.bufferedBytes);
    }
    expect(maxBuffered).toBeLessThanOrEqual(7 + 64);
    parser.expire();
    expect(parser.push(samCommands.readTextPhoto)).toEqual([{ kind: 'command', command: 0x30, parameter: 0x01 }]);
  });
});
