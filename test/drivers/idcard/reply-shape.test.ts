import { describe, expect, it } from 'vitest';
import { answersCommand } from '../../../drivers/idcard/reply-shape.js';

const body = (sw3: number, data = 0) => Buffer.concat([Buffer.from([0, 0, sw3]), Buffer.alloc(data)]);

describe('which SAM reply can answer which command (late replies after a timeout)', () => {
  it('refuses another command’s success answer: find 9F for select, select 90+8 for find, anything short for read', () => {
    expect(answersCommand('selectCard', body(0x9f, 4))).toBe(false);
    expect(answersCommand('findCard', body(0x90, 8))).toBe(false);
    expect(answersCommand('readTextAndPhoto', body(0x90, 8))).toBe(false);
    expect(answersCommand('readTextAndPhoto', body(0x9f, 4))).toBe(false);
    expect(answersCommand('findCard', body(0x90, 1284))).toBe(false);
  });

  it('accepts its own answers, every error status, and malformed replies (the status check names those)', () => {
    expect(answersCommand('findCard', body(0x9f, 4))).toBe(true);
    expect(answersCommand('selectCard', body(0x90, 8))).toBe(true);
    expect(answersCommand('readTextAndPhoto', body(0x90, 1284))).toBe(true);
    for (const sw3 of [0x80, 0x81, 0x41, 0x10, 0x11, 0x21]) expect(answersCommand('readTextAndPhoto', body(sw3))).toBe(true);
    expect(answersCommand('readTextAndPhoto', body(0x90, 5))).toBe(true);
    expect(answersCommand('readSamId', body(0x90, 16))).toBe(true);
  });
});
