import { describe, expect, it } from 'vitest';
import { decodeStatus, isStatusByte } from '../../../drivers/receipt/status/printer-status.js';
import { statusError, statusWarnings } from '../../../drivers/receipt/status/status-check.js';
import { FULL_STATUS_REQUEST, statusRequest } from '../../../drivers/receipt/status/status-request.js';

describe('real-time status DLE EOT (bytes from protocols.md)', () => {
  it('requests are 10 04 n, and the driver sends n = 1, 2, 4 together', () => {
    expect(statusRequest(1)).toEqual(Uint8Array.of(0x10, 0x04, 0x01));
    expect(statusRequest(2)).toEqual(Uint8Array.of(0x10, 0x04, 0x02));
    expect(statusRequest(4)).toEqual(Uint8Array.of(0x10, 0x04, 0x04));
    expect(FULL_STATUS_REQUEST).toEqual(Uint8Array.of(0x10, 0x04, 0x01, 0x10, 0x04, 0x02, 0x10, 0x04, 0x04));
  });

  it('0x12 on all three is all clear: no error, no warning', () => {
    const status = decodeStatus(0x12, 0x12, 0x12);
    expect(status).toEqual({ offline: false, coverOpen: false, paperOut: false, paperNearEnd: false });
    expect(statusError(status)).toBeUndefined();
    expect(statusWarnings(status)).toEqual([]);
  });

  it('n=4 0x72 is no paper → PRINTER_PAPER_OUT with the catalogue sentences', () => {
    const error = statusError(decodeStatus(0x1a, 0x32, 0x72), { printer: '/dev/ttyUSB0' });
    expect(error?.code).toBe('PRINTER_PAPER_OUT');
    expect(error?.messageZh).toBe('打印机缺纸，请装纸后继续。');
    expect(error?.messageEn).toBe('The printer is out of paper; load paper to continue.');
    // n=2 bit 5 (paper end stopped printing) alone is paper out too
    expect(decodeStatus(0x12, 0x32, 0x12).paperOut).toBe(true);
  });

  it('n=2 bit 2 is cover open; n=1 bit 3 alone is offline', () => {
    expect(statusError(decodeStatus(0x1a, 0x16, 0x12))?.code).toBe('PRINTER_COVER_OPEN');
    expect(statusError(decodeStatus(0x1a, 0x12, 0x12))?.code).toBe('PRINTER_OFFLINE');
    // paper out wins over an open cover: loading paper is what the clerk does next
    expect(statusError(decodeStatus(0x1a, 0x36, 0x72))?.code).toBe('PRINTER_PAPER_OUT');
  });

  it('n=4 0x1E is paper near end: a warning in zh and en, printing goes on', () => {
    const status = decodeStatus(0x12, 0x12, 0x1e);
    expect(statusError(status)).toBeUndefined();
    expect(statusWarnings(status)).toEqual([expect.objectContaining({ kind: 'paper-near-end', zh: expect.stringContaining('即将用完') })]);
  });

  it('only bytes with the fixed bits (1 and 4 set, 0 and 7 clear) are status bytes', () => {
    for (const b of [0x12, 0x1a, 0x16, 0x32, 0x72, 0x1e]) expect(isStatusByte(b)).toBe(true);
    for (const b of [0x00, 0xff, 0x0a, 0x10, 0x13, 0x92]) expect(isStatusByte(b)).toBe(false);
  });
});
