import { describe, expect, it } from 'vitest';
import { qr, qrErrorLevel, qrModel2, qrModuleSize, qrPrint, qrStore } from '../../../drivers/receipt/encoder/qr.js';

const bytes = (...b: number[]) => Uint8Array.from(b);

describe('QR code via GS ( k (golden vectors from protocols.md)', () => {
  it('model 2, module size, error level, print', () => {
    expect(qrModel2()).toEqual(bytes(0x1d, 0x28, 0x6b, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00));
    expect(qrModuleSize(6)).toEqual(bytes(0x1d, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x43, 0x06));
    expect(qrErrorLevel('L')).toEqual(bytes(0x1d, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x45, 0x30));
    expect(qrErrorLevel('M')).toEqual(bytes(0x1d, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x45, 0x31));
    expect(qrErrorLevel('Q')).toEqual(bytes(0x1d, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x45, 0x32));
    expect(qrErrorLevel('H')).toEqual(bytes(0x1d, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x45, 0x33));
    expect(qrPrint()).toEqual(bytes(0x1d, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x51, 0x30));
  });

  it('store: pL + 256·pH = data length + 3', () => {
    // "ABC": length 3 → pL 6, pH 0
    expect(qrStore('ABC')).toEqual(bytes(0x1d, 0x28, 0x6b, 0x06, 0x00, 0x31, 0x50, 0x30, 0x41, 0x42, 0x43));
    // 300 bytes → 303 = 0x012F → pL 0x2F, pH 0x01
    const long = qrStore('x'.repeat(300));
    expect([...long.subarray(0, 8)]).toEqual([0x1d, 0x28, 0x6b, 0x2f, 0x01, 0x31, 0x50, 0x30]);
    expect(long.length).toBe(8 + 300);
    // Chinese payloads go as UTF-8: 印 = E5 8D B0
    expect(qrStore('印')).toEqual(bytes(0x1d, 0x28, 0x6b, 0x06, 0x00, 0x31, 0x50, 0x30, 0xe5, 0x8d, 0xb0));
  });

  it('the whole sequence is model, size, level, store, print; empty or oversized data is refused', () => {
    const parts = qr('https://v.example/e/1', { moduleSize: 4, errorLevel: 'H' });
    expect(parts.map((p) => p[6])).toEqual([0x41, 0x43, 0x45, 0x50, 0x51]);
    expect(parts[1]![7]).toBe(4);
    expect(parts[2]![7]).toBe(0x33);
    expect(() => qrStore('')).toThrow(expect.objectContaining({ code: 'INPUT_INVALID' }));
    expect(() => qrStore('x'.repeat(7090))).toThrow(expect.objectContaining({ code: 'INPUT_INVALID' }));
    expect(() => qrModuleSize(17)).toThrow(expect.objectContaining({ code: 'INPUT_INVALID' }));
  });
});
