import { describe, expect, it } from 'vitest';
import { EscPosTokenizer } from '../../../simulator/receipt/escpos-tokenizer.js';
import { escpos, sampleRasterCommand, sampleReceipt } from '../../../simulator/golden/escpos-vectors.js';

describe('ESC/POS receive stage', () => {
  it('does not take 10 04 inside raster data for a status request', () => {
    const raster = Buffer.from([0x1d, 0x76, 0x30, 0x00, 0x03, 0x00, 0x01, 0x00, 0x10, 0x04, 0x01]);
    const tokens = new EscPosTokenizer().push(Buffer.concat([raster, escpos.statusPaper]));
    expect(tokens.map((t) => t.kind)).toEqual(['raster', 'status']);
  });

  it('gives the same commands whether the bytes come at once or one at a time', () => {
    const whole = new EscPosTokenizer().push(sampleReceipt);
    const split = new EscPosTokenizer();
    const pieces = [...sampleReceipt].flatMap((b) => split.push(Buffer.from([b])));
    // Text runs may split differently; everything else must match one for one.
    const shape = (ts: typeof whole) => ts.filter((t) => t.kind !== 'text').map((t) => JSON.stringify(t));
    expect(shape(pieces)).toEqual(shape(whole));
    const text = (ts: typeof whole) => Buffer.concat(ts.flatMap((t) => (t.kind === 'text' ? [t.bytes] : [])));
    expect(text(pieces)).toEqual(text(whole));
  });

  it('waits for the rest of a raster image instead of misreading its data', () => {
    const tokenizer = new EscPosTokenizer();
    expect(tokenizer.push(sampleRasterCommand.subarray(0, 12))).toEqual([]);
    expect(tokenizer.push(sampleRasterCommand.subarray(12)).map((t) => t.kind)).toEqual(['raster']);
  });

  it('refuses a raster header larger than any print head instead of buffering megabytes', () => {
    const tokens = new EscPosTokenizer().push(Buffer.from([0x1d, 0x76, 0x30, 0x00, 0xff, 0xff, 0xff, 0xff, 0x41, 0x0a]));
    expect(tokens.map((t) => t.kind)).toEqual(['unknown', 'text', 'lf']);
  });

  it('skips an unknown command and goes on with the next', () => {
    const tokens = new EscPosTokenizer().push(Buffer.from([0x1b, 0x7e, 0x41, 0x0a]));
    expect(tokens.map((t) => t.kind)).toEqual(['unknown', 'text', 'lf']);
  });
});
