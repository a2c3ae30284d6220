import { describe, expect, it } from 'vitest';
import { parsePdfDate, signatureEntryOf } from '../../../appliance/pades/verify/index.js';

describe('the claimed signing time /M', () => {
  it.each([
    ["D:20260315093000+08'00'", '2026-03-15T01:30:00.000Z'],
    ["D:20260315093000+08'00", '2026-03-15T01:30:00.000Z'],
    ['D:20260315013000Z', '2026-03-15T01:30:00.000Z'],
    ["D:20260314203000-05'00'", '2026-03-15T01:30:00.000Z'],
    ['D:2026', '2026-01-01T00:00:00.000Z'],
  ])('%s is %s', (pdfDate, iso) => {
    expect(parsePdfDate(pdfDate)?.toISOString()).toBe(iso);
  });

  it('is left out of the entry when it is not a PDF date', () => {
    expect(parsePdfDate('yesterday')).toBeUndefined();
    const entry = signatureEntryOf({ byteRange: [0, 10, 20, 5], contents: Buffer.alloc(1), subFilter: 'ETSI.CAdES.detached', signingTime: 'yesterday', fieldName: '印章1' });
    expect(entry).toEqual({ byteRange: [0, 10, 20, 5], contents: Buffer.alloc(1), subFilter: 'ETSI.CAdES.detached', fieldName: '印章1' });
    expect(signatureEntryOf({ byteRange: [0, 1, 2, 3], contents: Buffer.alloc(1), signingTime: 'D:20260315013000Z' }).claimedTime?.toISOString()).toBe('2026-03-15T01:30:00.000Z');
  });
});
