import { describe, expect, it } from 'vitest';
import { FixedLengthDecoder } from '../../../firmware-bridge/codec/fixed-length-decoder.js';
import { collect, feed, frames } from '../helpers/collect.js';

describe('fixed-length decoder', () => {
  it('emits one-byte status answers one by one', async () => {
    const decoder = new FixedLengthDecoder({ length: 1 });
    const out = collect(decoder);
    await feed(decoder, Buffer.from([0x12, 0x72, 0x1e]));
    expect(frames(out)).toEqual(['12', '72', '1e']);
  });

  it('joins partial frames and holds only the remainder', async () => {
    const decoder = new FixedLengthDecoder({ length: 4 });
    const out = collect(decoder);
    await feed(decoder, Buffer.from([1, 2, 3]));
    expect(decoder.bufferedBytes).toBe(3);
    await feed(decoder, Buffer.from([4, 5, 6, 7, 8, 9]));
    expect(frames(out)).toEqual(['01020304', '05060708']);
    expect(decoder.bufferedBytes).toBe(1);
    decoder.reset();
    await feed(decoder, Buffer.from([0xa, 0xb, 0xc, 0xd]));
    expect(frames(out)).toEqual(['01020304', '05060708', '0a0b0c0d']);
  });

  it('refuses a length that cannot frame anything', () => {
    expect(() => new FixedLengthDecoder({ length: 0 })).toThrow(RangeError);
  });
});
