import { describe, expect, it } from 'vitest';
import { createMemoryPair } from '../../../firmware-bridge/transport/memory-transport.js';
import { hidReports, startHidQrScanner } from '../../../simulator/qrscanner/index.js';
import { typedText } from './hid-decode.js';

const URL_ASCII = 'https://verify.sealdesk.example/e/7f3a9c?Q=1&x=~_{}|"<>';
const URL_CHINESE = 'https://verify.sealdesk.example/?n=王小明&q=电子印章';

describe('QR scanner simulator, HID keyboard-wedge mode (in memory: no /dev/uhid here)', () => {
  it('types an ASCII payload with Shift where the US layout needs it, then Enter', () => {
    expect(typedText(hidReports(URL_ASCII))).toEqual({ text: URL_ASCII, ended: true });
  });

  it('releases every key, so doubled letters come through', () => {
    const reports = hidReports('ee');
    expect(reports.map((r) => r.toString('hex'))).toEqual([
      '0000080000000000',
      '0000000000000000',
      '0000080000000000',
      '0000000000000000',
      '0000280000000000',
      '0000000000000000',
    ]);
  });

  it('types Chinese as Ctrl+Shift+U, code point hex, Space in ctrl-shift-u mode', () => {
    const reports = hidReports('王', { unicode: 'ctrl-shift-u' });
    expect(reports[0]!.toString('hex')).toBe('0300180000000000'); // Ctrl+Shift+U
    expect(typedText(reports)).toEqual({ text: '王', ended: true });
    expect(typedText(hidReports(URL_CHINESE, { unicode: 'ctrl-shift-u' }))).toEqual({ text: URL_CHINESE, ended: true });
  });

  it('types Chinese by default as Alt + keypad decimal codes of its UTF-8 bytes', () => {
    // 王 = E7 8E 8B = 231 142 139: Alt held over Keypad 2 3 1 (0x5a 0x5b 0x59), then all keys up
    const hex = hidReports('王', { terminator: 'none' }).map((r) => r.toString('hex'));
    expect(hex.slice(0, 7)).toEqual([
      '04005a0000000000',
      '0400000000000000',
      '04005b0000000000',
      '0400000000000000',
      '0400590000000000',
      '0400000000000000',
      '0000000000000000',
    ]);
    expect(hex).toHaveLength(3 * 7);
  });

  it('types the UTF-8 bytes as hex pairs in utf8-hex mode', () => {
    const { text } = typedText(hidReports(URL_CHINESE, { unicode: 'utf8-hex' }));
    expect(text).toMatch(/^[0-9A-F]+$/);
    expect(Buffer.from(text, 'hex').toString('utf8')).toBe(URL_CHINESE);
  });

  it('ends with Tab or nothing when configured so', () => {
    expect(hidReports('a', { terminator: 'tab' }).at(-2)![2]).toBe(0x2b);
    expect(hidReports('a', { terminator: 'none' })).toHaveLength(2);
  });

  it('sends the same reports as events and over an in-memory transport', async () => {
    const [host, device] = createMemoryPair('qr');
    const overWire: Buffer[] = [];
    host.on('data', (chunk: Buffer) => overWire.push(chunk));
    const scanner = startHidQrScanner({ transport: device, unicode: 'ctrl-shift-u' });
    const events: Buffer[] = [];
    scanner.on('report', (r: Buffer) => events.push(r));
    await scanner.scan(URL_CHINESE);
    await new Promise((r) => setImmediate(r));
    expect(events).toEqual(hidReports(URL_CHINESE, { unicode: 'ctrl-shift-u' }));
    expect(Buffer.concat(overWire)).toEqual(Buffer.concat(events));
    expect(typedText(events).text).toBe(URL_CHINESE);
  });
});
