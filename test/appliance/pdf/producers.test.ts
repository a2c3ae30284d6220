/**
 * The stamp is an incremental update whatever wrote the input: the input is the output's exact
 * prefix, qpdf --check accepts the result, the signature is found again at the end of the file,
 * and the digest handed to the signer is the digest of the file's bytes outside /Contents.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { listSignatures, openPdf, pageCount } from '../../../appliance/pdf/index.js';
import { PDFDocument, PDFName, PDFString } from '@cantoo/pdf-lib';
import { chineseDocument, hybridDocument, pdfLibDocument, qpdf, qpdfCheck, run, scannedDocument } from './make-pdf.js';
import { FAKE_CMS, digestOfRanges, stamp } from './stamp.js';
import { tempDir } from '../../helpers/temp-dir.js';

let dir: string;
let base: string;
beforeAll(async () => {
  dir = await tempDir('producers');
  base = await pdfLibDocument(dir, 'base.pdf', 5);
});

type Producer = (dir: string, base: string) => Promise<string>;

const producers: [string, Producer][] = [
  ['pdf-lib, classic xref table', async (_d, b) => b],
  ['pdf-lib, object streams + xref stream', (d) => pdfLibDocument(d, 'pdflib-objstm.pdf', 5, { useObjectStreams: true })],
  ['qpdf --object-streams=generate', (d, b) => qpdf(['--object-streams=generate'], b, join(d, 'objstm.pdf'))],
  ['qpdf --linearize', (d, b) => qpdf(['--linearize'], b, join(d, 'linear.pdf'))],
  ['qpdf --linearize with object streams', (d, b) => qpdf(['--linearize', '--object-streams=generate'], b, join(d, 'linear-objstm.pdf'))],
  ['qpdf --qdf (uncompressed)', (d, b) => qpdf(['--qdf'], b, join(d, 'qdf.pdf'))],
  ['a hybrid-reference file (table + /XRefStm)', async (d, b) => hybridDocument(d, 'hybrid.pdf', await qpdf(['--object-streams=generate'], b, join(d, 'pre-hybrid.pdf')))],
  ['PDF 1.3', (d, b) => qpdf(['--force-version=1.3', '--object-streams=disable'], b, join(d, 'v13.pdf'))],
  ['PDF 2.0', (d, b) => qpdf(['--force-version=2.0'], b, join(d, 'v20.pdf'))],
  ['CJK text', (d) => chineseDocument(d, 'cjk.pdf', 2, 1)],
  ['1,200 pages', (d) => pdfLibDocument(d, 'many.pdf', 1200)],
  [
    // issue 19: 3,453 objects make the main xref table (at the end) longer than the first 64 KB read;
    // that read ended inside an entry, and the table was refused as damaged
    'qpdf --linearize, 1,151 pages (first-page xref at the start, main table at the end)',
    async (d) => qpdf(['--linearize'], await scannedDocument(d, 'pages-1151.pdf', 1151, 300), join(d, 'linear-1151.pdf')),
  ],
  ['qpdf --linearize, 1,151 pages, object and xref streams', async (d) => qpdf(['--linearize', '--object-streams=generate'], await scannedDocument(d, 'pages-1151-objstm.pdf', 1151, 300), join(d, 'linear-1151-objstm.pdf'))],
  ['ghostscript pdfwrite', async (d, b) => (await run('gs', ['-q', '-dNOPAUSE', '-dBATCH', '-dSAFER', '-sDEVICE=pdfwrite', `-sOutputFile=${join(d, 'gs.pdf')}`, b]), join(d, 'gs.pdf'))],
  [
    'ghostscript pdfwrite, then qpdf --object-streams=generate',
    async (d, b) => {
      await run('gs', ['-q', '-dNOPAUSE', '-dBATCH', '-dSAFER', '-sDEVICE=pdfwrite', `-sOutputFile=${join(d, 'gs-for-objstm.pdf')}`, b]);
      return qpdf(['--object-streams=generate'], join(d, 'gs-for-objstm.pdf'), join(d, 'gs-objstm.pdf'));
    },
  ],
  [
    // the repair scan must take /Root from the first-page trailer (the last one has none) and find a
    // catalog whose /Type comes after a long /ViewerPreferences (qpdf sorts keys)
    'qpdf --linearize with a long catalog and every offset shifted, repaired',
    async (d) => {
      const doc = await PDFDocument.create();
      for (let i = 0; i < 3; i++) doc.addPage([595, 842]);
      doc.catalog.set(PDFName.of('Lang'), PDFString.of('zh-CN'));
      doc.catalog.set(PDFName.of('AA'), doc.context.obj({ WC: { S: 'JavaScript', JS: PDFString.of(`// ${'x'.repeat(300)}`) } }));
      await writeFile(join(d, 'long-catalog.pdf'), await doc.save({ useObjectStreams: false }));
      const linear = await qpdf(['--linearize'], join(d, 'long-catalog.pdf'), join(d, 'long-catalog-linear.pdf'));
      const text = (await readFile(linear)).toString('latin1');
      const path = join(d, 'long-catalog-shifted.pdf');
      await writeFile(path, Buffer.from(text.replace('\n', '\n% a line that moves every object\n'), 'latin1'));
      return path;
    },
  ],
  [
    'broken xref (offsets shifted), repaired',
    async (d, b) => {
      const text = (await readFile(b)).toString('latin1');
      const path = join(d, 'shifted.pdf');
      await writeFile(path, Buffer.from(text.replace('\n', '\n% a line that moves every object\n'), 'latin1'));
      return path;
    },
  ],
  [
    'broken xref with object streams, repaired (the update writes a full xref stream)',
    async (d, b) => {
      const objstm = await qpdf(['--object-streams=generate'], b, join(d, 'objstm-for-shift.pdf'));
      const text = (await readFile(objstm)).toString('latin1');
      const path = join(d, 'objstm-shifted.pdf');
      await writeFile(path, Buffer.from(text.replace('\n', '\n% a line that moves every object\n'), 'latin1'));
      return path;
    },
  ],
  [
    'no startxref (cut tail), repaired',
    async (d, b) => {
      const bytes = await readFile(b);
      const path = join(d, 'cut.pdf');
      await writeFile(path, bytes.subarray(0, bytes.lastIndexOf('startxref')));
      return path;
    },
  ],
  ['already stamped once (prior incremental update)', async (d, b) => (await stamp(b, join(d, 'once.pdf'))).outPath],
];

describe.each(producers)('stamping a PDF from %s', (label, produce) => {
  let input: string;
  let output: string;
  beforeAll(async () => {
    input = await produce(dir, base);
    output = `${input}.stamped.pdf`;
  });

  it('keeps the input as the exact prefix, passes qpdf --check, and signs what it says', async () => {
    const prepared = await stamp(input, output, { page: 1, reason: '行政审批', contentsSize: 4096 });
    const [before, after] = await Promise.all([readFile(input), readFile(output)]);
    expect(after.length).toBeGreaterThan(before.length);
    expect(after.subarray(0, before.length).equals(before)).toBe(true);

    const check = await qpdfCheck(output);
    expect(check.output).toContain('No syntax or stream encoding errors');
    expect(check.ok, check.output).toBe(true);

    expect(prepared.byteRange[0]).toBe(0);
    expect(prepared.byteRange[2] + prepared.byteRange[3]).toBe(after.length);
    expect(await digestOfRanges(output, prepared.byteRange)).toEqual(prepared.digest);

    const original = await openPdf(input);
    // only the damaged inputs may need the repair scan: the others are read through their xref
    expect(original.repaired).toBe(label.includes('repaired'));
    const pages = await pageCount(original);
    await original.close();
    const doc = await openPdf(output);
    try {
      expect(doc.repaired).toBe(false);
      expect(await pageCount(doc)).toBe(pages);
      const signatures = await listSignatures(doc);
      const ours = signatures.at(-1)!;
      expect(ours.fieldName).toBe(prepared.fieldName);
      expect(ours.contents).toEqual(FAKE_CMS);
      expect(ours.reason).toBe('行政审批');
      expect(ours.bytesAfter).toBe(0);
      expect([...ours.byteRange]).toEqual([...prepared.byteRange]);
    } finally {
      await doc.close();
    }
  });
});
