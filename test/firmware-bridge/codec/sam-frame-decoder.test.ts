import { describe, expect, it } from 'vitest';
import { encodeSamFrame } from '../../../firmware-bridge/codec/sam-frame-encoder.js';
import { SamFrameDecoder } from '../../../firmware-bridge/codec/sam-frame-decoder.js';
import { collect, faults, feed, frames } from '../helpers/collect.js';
import { hex } from '../helpers/hex.js';

const OK = 'AA AA AA 96 69 00 04 00 00 90 94';
const FOUND = 'AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97';

describe('SAM frame decoder', () => {
  it('decodes the documented replies to their bodies', async () => {
    const decoder = new SamFrameDecoder();
    const out = collect(decoder);
    await feed(decoder, hex(OK + FOUND));
    expect(frames(out)).toEqual(['000090', '00009f00000000']);
    expect(faults(out)).toEqual([]);
  });

  it('decodes a frame split into single bytes', async () => {
    const decoder = new SamFrameDecoder();
    const out = collect(decoder);
    for (const byte of hex(FOUND)) await feed(decoder, Buffer.from([byte]));
    expect(frames(out)).toEqual(['00009f00000000']);
    expect(decoder.bufferedBytes).toBe(0);
  });

  it('skips noise, including a partial preamble, before a frame', async () => {
    const decoder = new SamFrameDecoder();
    const out = collect(decoder);
    await feed(decoder, hex('00 FF AA AA 96 AA AA AA 96'));
    await feed(decoder, hex('69 00 04 00 00 90 94'));
    expect(frames(out)).toEqual(['000090']);
  });

  it('reports a bad checksum and still finds the next good frame', async () => {
    const decoder = new SamFrameDecoder({ device: 'reader-1' });
    const out = collect(decoder);
    await feed(decoder, hex('AA AA AA 96 69 00 04 00 00 90 95' + OK));
    expect(faults(out)).toEqual(['FRAME_CHECKSUM']);
    expect(frames(out)).toEqual(['000090']);
    const fault = out.find((i) => i.type === 'fault');
    expect(fault?.type === 'fault' && fault.error.details.device).toBe('reader-1');
  });

  it('finds a real frame hidden inside a false start whose LEN swallowed it', async () => {
    const decoder = new SamFrameDecoder();
    const out = collect(decoder);
    // A false preamble with LEN 0x0020 followed by a real frame and padding.
    await feed(decoder, Buffer.concat([hex('AA AA AA 96 69 00 20'), hex(OK), Buffer.alloc(40)]));
    expect(faults(out)).toEqual(['FRAME_CHECKSUM']);
    expect(frames(out)).toEqual(['000090']);
  });

  it('reports an oversized LEN as FRAME_TOO_LONG without waiting for it, and keeps going', async () => {
    const decoder = new SamFrameDecoder({ maxLength: 2000 });
    const out = collect(decoder);
    await feed(decoder, hex('AA AA AA 96 69 FF FF' + OK));
    expect(faults(out)).toEqual(['FRAME_TOO_LONG']);
    expect(frames(out)).toEqual(['000090']);
    expect(decoder.bufferedBytes).toBe(0);
  });

  it('decodes the 1,295-byte text + photo reply', async () => {
    const body = Buffer.concat([hex('00 00 90 01 00 04 00'), Buffer.alloc(1280, 0x5a)]);
    const decoder = new SamFrameDecoder();
    const out = collect(decoder);
    const frame = encodeSamFrame(body);
    await feed(decoder, frame.subarray(0, 700));
    await feed(decoder, frame.subarray(700));
    expect(out).toHaveLength(1);
    expect(out[0]?.type === 'frame' && out[0].frame.equals(body)).toBe(true);
  });

  it('keeps at most a preamble tail of pure noise', async () => {
    const decoder = new SamFrameDecoder();
    collect(decoder);
    await feed(decoder, Buffer.alloc(100_000, 0x11));
    expect(decoder.bufferedBytes).toBeLessThanOrEqual(4);
  });

  it('reset() drops a half frame', async () => {
    const decoder = new SamFrameDecoder();
    const out = collect(decoder);
    await feed(decoder, hex('AA AA AA 96 69 00 04 00'));
    decoder.reset();
    await feed(decoder, hex('00 90 94' + OK));
    expect(frames(out)).toEqual(['000090']);
  });
});
