/** The document-format seam: a document's format is picked from its bytes, and one no format knows is refused, typed. */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatOf, FORMATS, openDocument } from '../../../appliance/formats/index.js';
import { failure } from '../../helpers/failure.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { pdfLibDocument } from '../pdf/make-pdf.js';

let dir: string;
let pdf: string;

beforeAll(async () => {
  dir = await tempDir('formats');
  pdf = await pdfLibDocument(dir, 'in.pdf', 3);
});

describe('format registry', () => {
  it('PDF and OFD are the formats registered today', () => {
    expect(FORMATS.map((f) => [f.name, f.mediaType, f.extension])).toEqual([
      ['pdf', 'application/pdf', '.pdf'],
      ['ofd', 'application/ofd', '.ofd'],
    ]);
  });

  it('a PDF, even with junk before its header (within 1024 bytes), opens as PDF and describes its pages', async () => {
    const junk = join(dir, 'junk-first.pdf');
    await writeFile(junk, Buffer.concat([Buffer.from('x'.repeat(100)), await readFile(pdf)]));
    for (const path of [pdf, junk]) {
      const doc = await openDocument(path);
      try {
        expect(doc.format.name).toBe('pdf');
        expect(await doc.pageCount()).toBe(3);
        expect(await doc.page(1)).toMatchObject({ number: 1, width: expect.any(Number) as number, height: expect.any(Number) as number });
        expect(await doc.signatures()).toEqual([]);
      } finally {
        await doc.close();
      }
    }
  });

  it('refuses what no format knows with DOCUMENT_FORMAT_UNSUPPORTED (415, zh and en), naming the formats it takes', async () => {
    // a zip is taken for an OFD by its head; one without OFD.xml at its root (a .docx) is no OFD
    const ofd = join(dir, 'letter.docx');
    await writeFile(ofd, zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'word/document.xml': strToU8('<w:document/>') }));
    const text = join(dir, 'letter.txt');
    await writeFile(text, '致：西湖区行政审批服务管理局\n');
    const headerTooLate = join(dir, 'late.pdf');
    await writeFile(headerTooLate, Buffer.concat([Buffer.alloc(1024, 0x20), Buffer.from('%PDF-1.7\n')]));
    for (const path of [ofd, text, headerTooLate]) {
      const error = await failure(openDocument(path));
      expect(error.code).toBe('DOCUMENT_FORMAT_UNSUPPORTED');
      expect(error.status).toBe(415);
      expect(error.toJSON()).toMatchObject({ message_en: expect.stringContaining('PDF, OFD') as string, message_zh: expect.stringContaining('PDF, OFD') as string });
    }
    expect(() => formatOf(Buffer.alloc(0))).toThrow(expect.objectContaining({ code: 'DOCUMENT_FORMAT_UNSUPPORTED' }));
  });

  it('a missing file is FILE_NOT_FOUND, not a format question', async () => {
    expect((await failure(openDocument(join(dir, 'nowhere.pdf')))).code).toBe('FILE_NOT_FOUND');
  });
});
