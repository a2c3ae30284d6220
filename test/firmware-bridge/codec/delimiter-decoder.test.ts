import { describe, expect, it } from 'vitest';
import { DelimiterDecoder } from '../../../firmware-bridge/codec/delimiter-decoder.js';
import { collect, faults, feed } from '../helpers/collect.js';

const text = (items: ReturnType<typeof collect>) => items.flatMap((i) => (i.type === 'frame' ? [i.frame.toString('utf8')] : []));

describe('delimiter decoder', () => {
  it('splits on CR, LF and CRLF and skips empty lines', async () => {
    const decoder = new DelimiterDecoder();
    const out = collect(decoder);
    await feed(decoder, Buffer.from('ABC\rDEF\nGHI\r\n\r\nJ'));
    await feed(decoder, Buffer.from('KL\r'));
    expect(text(out)).toEqual(['ABC', 'DEF', 'GHI', 'JKL']);
  });

  it('keeps UTF-8 payloads intact across chunk borders', async () => {
    const decoder = new DelimiterDecoder();
    const out = collect(decoder);
    const bytes = Buffer.from('https://zwfw.example.cn/核验?id=印章001\r');
    for (const b of bytes) await feed(decoder, Buffer.from([b]));
    expect(text(out)).toEqual(['https://zwfw.example.cn/核验?id=印章001']);
  });

  it('uses only the delimiters it is given', async () => {
    const decoder = new DelimiterDecoder({ delimiters: [0x03] });
    const out = collect(decoder);
    await feed(decoder, Buffer.from('a\rb\x03c\x03'));
    expect(text(out)).toEqual(['a\rb', 'c']);
  });

  it('reports an overlong line once, drops it to its end, and bounds the buffer', async () => {
    const decoder = new DelimiterDecoder({ maxLength: 16, device: 'scanner' });
    const out = collect(decoder);
    await feed(decoder, Buffer.alloc(10, 0x41));
    await feed(decoder, Buffer.alloc(10_000, 0x42));
    expect(decoder.bufferedBytes).toBeLessThanOrEqual(16);
    await feed(decoder, Buffer.from('BBB\rok\r'));
    expect(faults(out)).toEqual(['FRAME_TOO_LONG']);
    expect(text(out)).toEqual(['ok']);
  });
});
