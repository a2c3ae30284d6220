/** Every way a PDF can be refused, with the code a clerk sees, and never a half-written output. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PDFDocument, PDFName, PDFString } from '@cantoo/pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { isSealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import { openPdf, page, prepareSignature } from '../../../appliance/pdf/index.js';
import { pdfLibDocument, qpdf, redSealPng, scannedDocument } from './make-pdf.js';
import { stamp } from './stamp.js';
import { tempDir } from '../../helpers/temp-dir.js';

let dir: string;
let base: string;
/** Over IN_MEMORY_MAX: prepared through a temp file on disk rather than in memory. */
let large: string;
beforeAll(async () => {
  dir = await tempDir('errors');
  base = await pdfLibDocument(dir, 'base.pdf', 4);
  large = await scannedDocument(dir, 'large.pdf', 3, 600_000);
});

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (isSealdeskError(error)) return error.code;
    throw error;
  }
  return 'no error';
}

/** A document certified with DocMDP permission `p` (the certification signature itself is not checked here). */
async function certified(p: number): Promise<string> {
  const doc = await PDFDocument.load(await readFile(base));
  const sig = doc.context.obj({
    Type: 'Sig',
    Filter: 'Adobe.PPKLite',
    SubFilter: 'ETSI.CAdES.detached',
    Reference: [{ Type: 'SigRef', TransformMethod: 'DocMDP', TransformParams: { Type: 'TransformParams', P: p, V: '1.2' } }],
    M: PDFString.of('D:20260101000000Z'),
  });
  doc.catalog.set(PDFName.of('Perms'), doc.context.obj({ DocMDP: doc.context.register(sig) }));
  const path = join(dir, `certified-p${p}.pdf`);
  await writeFile(path, await doc.save({ useObjectStreams: false }));
  return path;
}

describe('refused inputs', () => {
  it('an encrypted PDF (user password) is PDF_ENCRYPTED', async () => {
    const input = await qpdf(['--encrypt', 'user', 'owner', '256', '--'], base, join(dir, 'encrypted.pdf'));
    expect(await codeOf(openPdf(input))).toBe('PDF_ENCRYPTED');
  });

  it('an owner-password-only PDF is PDF_ENCRYPTED too (its objects are still encrypted)', async () => {
    const input = await qpdf(['--encrypt', '', 'owner', '256', '--'], base, join(dir, 'owner-only.pdf'));
    expect(await codeOf(openPdf(input))).toBe('PDF_ENCRYPTED');
  });

  it('garbage, an empty file and a truncated PDF are PDF_MALFORMED', async () => {
    const bytes = await readFile(base);
    const garbage = join(dir, 'garbage.pdf');
    const empty = join(dir, 'empty.pdf');
    const truncated = join(dir, 'truncated.pdf');
    await writeFile(garbage, Buffer.from('this is a word-processor file, not a PDF\n'.repeat(50)));
    await writeFile(empty, Buffer.alloc(0));
    await writeFile(truncated, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    expect(await codeOf(openPdf(garbage))).toBe('PDF_MALFORMED');
    expect(await codeOf(openPdf(empty))).toBe('PDF_MALFORMED');
    expect(await codeOf(openPdf(truncated))).toBe('PDF_MALFORMED');
  });

  it('a missing file is FILE_NOT_FOUND', async () => {
    expect(await codeOf(openPdf(join(dir, 'absent.pdf')))).toBe('FILE_NOT_FOUND');
  });

  it('a document certified "no changes" (DocMDP P=1) is DOC_LOCKED; P=2 may be signed', async () => {
    expect(await codeOf(stamp(await certified(1), join(dir, 'locked-out.pdf')))).toBe('DOC_LOCKED');
    expect(existsSync(join(dir, 'locked-out.pdf'))).toBe(false);
    await stamp(await certified(2), join(dir, 'p2-out.pdf'));
    expect(existsSync(join(dir, 'p2-out.pdf'))).toBe(true);
    // P=2 allows signatures but no annotations: no cross-page seal
    const crossPage = { png: redSealPng(), width: 100, height: 100 };
    expect(await codeOf(stamp(await certified(2), join(dir, 'p2-cross.pdf'), { crossPage }))).toBe('INPUT_INVALID');
  });

  it('a page past the end is PAGE_OUT_OF_RANGE, with the page count in the message', async () => {
    const doc = await openPdf(base);
    try {
      const error = await page(doc, 5).catch((e: unknown) => e);
      expect(isSealdeskError(error, 'PAGE_OUT_OF_RANGE')).toBe(true);
      expect((error as Error).message).toContain('4 pages');
      expect(await codeOf(prepareSignature(doc, join(dir, 'p0.pdf'), { page: 0 }))).toBe('PAGE_OUT_OF_RANGE');
    } finally {
      await doc.close();
    }
  });
});

describe('no half-written output', () => {
  it('a CMS larger than the placeholder is SIGNATURE_TOO_LARGE and leaves no file behind', async () => {
    const doc = await openPdf(base);
    const sub = join(dir, 'too-large');
    await import('node:fs/promises').then((fs) => fs.mkdir(sub));
    try {
      const prepared = await prepareSignature(doc, join(sub, 'out.pdf'), { contentsSize: 64 });
      expect(prepared.contentsSize).toBe(64);
      expect(await codeOf(prepared.embed(Buffer.alloc(65, 1)))).toBe('SIGNATURE_TOO_LARGE');
      expect(await readdir(sub)).toEqual([]);
    } finally {
      await doc.close();
    }
  });

  it.each([
    ['a small document (held in memory)', () => base],
    ['a large document (through a temp file)', () => large],
  ])('a process that dies between prepare and embed leaves no output file: %s', async (kind, input) => {
    const sub = join(dir, `killed-${kind.split(' ')[1]}`);
    await import('node:fs/promises').then((fs) => fs.mkdir(sub));
    const out = join(sub, 'out.pdf');
    const script = `
      import { openPdf, prepareSignature } from ${JSON.stringify(fileURLToPath(new URL('../../../appliance/pdf/index.ts', import.meta.url)))};
      const doc = await openPdf(process.argv[1]);
      await prepareSignature(doc, process.argv[2], {});
      process.kill(process.pid, 'SIGKILL');`;
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, input(), out], { encoding: 'utf8' });
    expect(run.signal).toBe('SIGKILL');
    expect(existsSync(out)).toBe(false);
    // the temp file is hidden beside it (a dot-file ending in .part), never at the output's name
    expect((await readdir(sub)).every((f) => f.startsWith('.out.pdf.') && f.endsWith('.part'))).toBe(true);
  });

  it('a large document is prepared in a hidden temp file, which abort() removes', async () => {
    const sub = join(dir, 'aborted');
    await import('node:fs/promises').then((fs) => fs.mkdir(sub));
    const doc = await openPdf(large);
    try {
      const prepared = await prepareSignature(doc, join(sub, 'out.pdf'), {});
      expect((await readdir(sub)).map((f) => f.startsWith('.out.pdf.') && f.endsWith('.part'))).toEqual([true]);
      await prepared.abort();
      expect(await readdir(sub)).toEqual([]);
    } finally {
      await doc.close();
    }
  });

  it('a small document is prepared in memory: nothing is written before embed(), then the whole output at once', async () => {
    const sub = join(dir, 'in-memory');
    await import('node:fs/promises').then((fs) => fs.mkdir(sub));
    const doc = await openPdf(base);
    try {
      const prepared = await prepareSignature(doc, join(sub, 'out.pdf'), {});
      expect(await readdir(sub)).toEqual([]);
      await prepared.embed(Buffer.from([0x30, 0x03, 0x02, 0x01, 0x01]));
      expect(await readdir(sub)).toEqual(['out.pdf']);
      const out = await readFile(join(sub, 'out.pdf'));
      const input = await readFile(base);
      expect(out.subarray(0, input.length).equals(input)).toBe(true);
      expect(out.length).toBe(prepared.byteRange[2] + prepared.byteRange[3]);
      expect(out.toString('latin1', prepared.byteRange[1], prepared.byteRange[1] + 14)).toBe('<3003020101000');
    } finally {
      await doc.close();
    }
  });
});
