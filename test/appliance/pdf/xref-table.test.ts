/**
 * A classic xref table read through a window that may end anywhere: every cut before the end of
 * the trailer asks for more (undefined), never calls the table damaged. (A cut just after an
 * entry's offset made the tokenizer start over at `xref`: the main table of a large linearized
 * file, longer than the first 64 KB read, was refused.)
 */
import { PDFContext, PDFName, type PDFNumber } from '@cantoo/pdf-lib';
import { describe, expect, it } from 'vitest';
import { DocumentBudget, documentLimits } from '../../../appliance/documents/index.js';
import { parseXrefTable } from '../../../appliance/pdf/xref-table.js';
import { failure } from '../../helpers/failure.js';

const ENTRIES = 40;
const TABLE = Buffer.from(
  `xref\n0 ${ENTRIES}\n0000000000 65535 f \n${Array.from({ length: ENTRIES - 1 }, (_, i) => `${String(1000 + i * 37).padStart(10, '0')} 00000 n \n`).join('')}trailer\n<< /Size ${ENTRIES} /Root 1 0 R >>\nstartxref\n9\n%%EOF\n`,
  'latin1',
);
const trailerEnd = TABLE.indexOf('>>', TABLE.indexOf('trailer')) + 2;

describe('parseXrefTable', () => {
  it('reads the whole table', () => {
    const section = parseXrefTable(TABLE, 0, PDFContext.create(), DocumentBudget.for(TABLE.length))!;
    expect(section.entries.size).toBe(ENTRIES);
    expect(section.entries.get(5)).toEqual({ type: 'offset', offset: 1000 + 4 * 37, generation: 0 });
    expect((section.trailer.get(PDFName.of('Size')) as PDFNumber).asNumber()).toBe(ENTRIES);
  });

  it('asks for more at every cut before the trailer ends', () => {
    for (let cut = 5; cut < trailerEnd; cut++) {
      expect(parseXrefTable(TABLE.subarray(0, cut), 0, PDFContext.create(), DocumentBudget.for(TABLE.length)), `cut at ${cut}`).toBeUndefined();
    }
  });

  it('a subsection past the objects limit is DOCUMENT_TOO_COMPLEX before its entries are read', async () => {
    const budget = DocumentBudget.for(TABLE.length, documentLimits({ objects: 16 }));
    const error = await failure((async () => parseXrefTable(TABLE, 0, PDFContext.create(), budget))());
    expect(error.code).toBe('DOCUMENT_TOO_COMPLEX');
    expect(error.details.limit).toBe('objects');
  });
});
