import { describe, expect, it } from 'vitest';
import { usageToChar } from '../../../drivers/qrscanner/hid-usage.js';
import { KeyboardWedgeDecoder } from '../../../drivers/qrscanner/keyboard-wedge-decoder.js';
import { wedgeReports } from './wedge-reports.js';

function decode(reports: Buffer[], decoder = new KeyboardWedgeDecoder()): string[] {
  return reports.flatMap((r) => decoder.push(r));
}

describe('keyboard-wedge decoder', () => {
  it('maps usage codes with and without shift (US layout)', () => {
    expect(usageToChar(0x04, false)).toBe('a');
    expect(usageToChar(0x04, true)).toBe('A');
    expect(usageToChar(0x1e, true)).toBe('!');
    expect(usageToChar(0x27, false)).toBe('0');
    expect(usageToChar(0x38, true)).toBe('?');
    expect(usageToChar(0x59, false)).toBe('1');
    expect(usageToChar(0x3a, false)).toBeUndefined(); // F1 types nothing
  });

  it('types a verification URL and ends the scan at Enter', () => {
    const url = 'https://verify.example.gov.cn/s?id=SEAL-2026_0042&v=1';
    expect(decode(wedgeReports(url))).toEqual([url]);
  });

  it('decodes a Chinese payload sent as Alt + keypad UTF-8 bytes', () => {
    const text = '杭州市行政服务中心:印章ABC';
    expect(decode(wedgeReports(text))).toEqual([text]);
  });

  it('reads two scans in a row and nothing before Enter', () => {
    const decoder = new KeyboardWedgeDecoder();
    expect(decode(wedgeReports('ONE', false), decoder)).toEqual([]);
    expect(decode(wedgeReports('', true), decoder)).toEqual(['ONE']);
    expect(decode(wedgeReports('two'), decoder)).toEqual(['two']);
  });

  it('does not repeat a key held across reports, but types a key pressed again', () => {
    const down = Buffer.from([0, 0, 0x04, 0, 0, 0, 0, 0]);
    const both = Buffer.from([0, 0, 0x04, 0x05, 0, 0, 0, 0]);
    const up = Buffer.alloc(8);
    const enter = Buffer.from([0, 0, 0x28, 0, 0, 0, 0, 0]);
    expect(decode([down, down, both, up, down, up, enter, up])).toEqual(['aba']);
  });

  it('applies caps lock to letters only', () => {
    const r = (u: number, m = 0) => [Buffer.from([m, 0, u, 0, 0, 0, 0, 0]), Buffer.alloc(8)];
    expect(decode([...r(0x39), ...r(0x04), ...r(0x04, 0x02), ...r(0x1e), ...r(0x28)])).toEqual(['Aa1']);
  });

  it('caps a runaway scan at maxLength', () => {
    const decoder = new KeyboardWedgeDecoder({ maxLength: 10 });
    expect(decode(wedgeReports('x'.repeat(50)), decoder)).toEqual(['x'.repeat(10)]);
  });
});
