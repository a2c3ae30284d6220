import { describe, expect, it } from 'vitest';
import { isSealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import { cut, feedAndCut } from '../../../drivers/receipt/encoder/paper.js';
import { align, bold, init, size } from '../../../drivers/receipt/encoder/style.js';
import { chineseModeOff, chineseModeOn, newline, text } from '../../../drivers/receipt/encoder/text.js';

// Expected bytes are copied by hand from shared/protocols.md, "ESC/POS receipt printer".
const bytes = (...b: number[]) => Uint8Array.from(b);

describe('ESC/POS style, text and paper commands (golden vectors from protocols.md)', () => {
  it('init, bold, alignment, size', () => {
    expect(init()).toEqual(bytes(0x1b, 0x40));
    expect(bold(true)).toEqual(bytes(0x1b, 0x45, 0x01));
    expect(bold(false)).toEqual(bytes(0x1b, 0x45, 0x00));
    expect(align('left')).toEqual(bytes(0x1b, 0x61, 0x00));
    expect(align('centre')).toEqual(bytes(0x1b, 0x61, 0x01));
    expect(align('right')).toEqual(bytes(0x1b, 0x61, 0x02));
    expect(size(1, 1)).toEqual(bytes(0x1d, 0x21, 0x00));
    expect(size(2)).toEqual(bytes(0x1d, 0x21, 0x11));
    expect(size(3, 1)).toEqual(bytes(0x1d, 0x21, 0x20));
    expect(size(8, 8)).toEqual(bytes(0x1d, 0x21, 0x77));
  });

  it('Chinese mode on/off and GB18030 text, incl. a four-byte CJK Extension B name character', () => {
    expect(chineseModeOn()).toEqual(bytes(0x1c, 0x26));
    expect(chineseModeOff()).toEqual(bytes(0x1c, 0x2e));
    expect(newline()).toEqual(bytes(0x0a));
    expect(text('中文')).toEqual(bytes(0xd6, 0xd0, 0xce, 0xc4));
    expect(text('印章')).toEqual(bytes(0xd3, 0xa1, 0xd5, 0xc2));
    expect(text('No.1')).toEqual(bytes(0x4e, 0x6f, 0x2e, 0x31));
    expect(text('\u{20000}')).toEqual(bytes(0x95, 0x32, 0x82, 0x36));
    expect(text('€')).toEqual(bytes(0xa2, 0xe3));
  });

  it('feed and cut, cut', () => {
    expect(feedAndCut(3)).toEqual(bytes(0x1d, 0x56, 0x41, 0x03));
    expect(feedAndCut(0)).toEqual(bytes(0x1d, 0x56, 0x41, 0x00));
    expect(cut()).toEqual(bytes(0x1d, 0x56, 0x00));
  });

  it('refuses text with control characters, which the printer would run as commands', () => {
    for (const bad of ['a\u0010\u0004\u0001', 'x\u001b@', 'tab\there']) {
      expect(() => text(bad)).toThrow(expect.objectContaining({ code: 'INPUT_INVALID' }));
    }
  });

  it('refuses sizes and feeds the printer cannot do, with a typed error', () => {
    for (const call of [() => size(0), () => size(9, 1), () => size(1.5), () => feedAndCut(256)]) {
      let caught: unknown;
      try {
        call();
      } catch (error) {
        caught = error;
      }
      expect(isSealdeskError(caught, 'INPUT_INVALID')).toBe(true);
    }
  });
});
