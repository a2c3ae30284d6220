import { describe, expect, it } from 'vitest';
import { encodeSamFrame } from '../../../firmware-bridge/codec/sam-frame-encoder.js';
import { hex } from '../helpers/hex.js';

describe('SAM frame encoder', () => {
  // Every request row of the protocols.md command table, with its documented checksum.
  const golden: [string, string][] = [
    ['10 FF', 'AA AA AA 96 69 00 03 10 FF EC'],
    ['11 FF', 'AA AA AA 96 69 00 03 11 FF ED'],
    ['12 FF', 'AA AA AA 96 69 00 03 12 FF EE'],
    ['20 01', 'AA AA AA 96 69 00 03 20 01 22'],
    ['20 02', 'AA AA AA 96 69 00 03 20 02 21'],
    ['30 01', 'AA AA AA 96 69 00 03 30 01 32'],
    ['30 03', 'AA AA AA 96 69 00 03 30 03 30'],
    ['30 10', 'AA AA AA 96 69 00 03 30 10 23'],
    // reply examples
    ['00 00 90', 'AA AA AA 96 69 00 04 00 00 90 94'],
    ['00 00 9F 00 00 00 00', 'AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97'],
    ['00 00 90 00 00 00 00 00 00 00 00', 'AA AA AA 96 69 00 0C 00 00 90 00 00 00 00 00 00 00 00 9C'],
  ];
  for (const [body, frame] of golden) {
    it(`encodes ${body} as ${frame}`, () => {
      expect(encodeSamFrame(hex(body)).toString('hex')).toBe(hex(frame).toString('hex'));
    });
  }

  it('writes a 1,288 LEN as 05 08 for the text + photo reply', () => {
    const frame = encodeSamFrame(Buffer.alloc(1287));
    expect(frame.length).toBe(1295);
    expect(frame.subarray(5, 7)).toEqual(hex('05 08'));
  });

  it('refuses a body that does not fit the 16-bit length', () => {
    expect(() => encodeSamFrame(Buffer.alloc(0xffff))).toThrow(RangeError);
  });
});
