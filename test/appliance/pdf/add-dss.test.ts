/** B-LT material: a /DSS added after a signature, as its own incremental update, leaves the signature intact. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PDFRawStream} from '@cantoo/pdf-lib';
import { PDFArray, PDFDict, PDFDocument, PDFName, decodePDFRawStream } from '@cantoo/pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { addDss, listSignatures, openPdf } from '../../../appliance/pdf/index.js';
import { pdfLibDocument, qpdfCheck } from './make-pdf.js';
import { digestOfRanges, stamp } from './stamp.js';
import { tempDir } from '../../helpers/temp-dir.js';

let dir: string;
beforeAll(async () => {
  dir = await tempDir('dss');
});

async function addTo(input: string, output: string, material: Parameters<typeof addDss>[2]): Promise<void> {
  const doc = await openPdf(input);
  try {
    await addDss(doc, output, material);
  } finally {
    await doc.close();
  }
}

describe('adding a DSS', () => {
  it('appends /DSS with one stream per certificate and CRL, twice, keeping the first entries', async () => {
    const input = await pdfLibDocument(dir, 'base.pdf', 2);
    const signed = join(dir, 'signed.pdf');
    const prepared = await stamp(input, signed);
    const once = join(dir, 'dss-1.pdf');
    const twice = join(dir, 'dss-2.pdf');
    const cert = (n: number) => Buffer.from([0x30, 0x03, 0x02, 0x01, n]);
    await addTo(signed, once, { certificates: [cert(1), cert(2)], crls: [cert(9)] });
    await addTo(once, twice, { certificates: [cert(3)] });

    const [before, after] = await Promise.all([readFile(signed), readFile(twice)]);
    expect(after.subarray(0, before.length).equals(before)).toBe(true);
    expect((await qpdfCheck(twice)).ok).toBe(true);

    const reread = await PDFDocument.load(after);
    const dss = reread.catalog.lookup(PDFName.of('DSS'), PDFDict);
    const certs = dss.lookup(PDFName.of('Certs'), PDFArray);
    const ders = certs.asArray().map((ref) => Buffer.from(decodePDFRawStream(reread.context.lookup(ref) as PDFRawStream).decode()));
    expect(ders).toEqual([cert(1), cert(2), cert(3)]);
    expect(dss.lookup(PDFName.of('CRLs'), PDFArray).size()).toBe(1);

    // the signature still signs the same bytes, and now has bytes after it
    expect(await digestOfRanges(twice, prepared.byteRange)).toEqual(prepared.digest);
    const doc = await openPdf(twice);
    try {
      const [sig] = await listSignatures(doc);
      expect(sig!.bytesAfter).toBe(after.length - before.length);
    } finally {
      await doc.close();
    }
  });
});
