/** The signature as a validator reads it back: dictionary entries, field naming, AcroForm merge. */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PDFDocument, PDFDict, PDFName, PDFNumber, PDFString } from '@cantoo/pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { listSignatures, openPdf, signatureFields } from '../../../appliance/pdf/index.js';
import { isSealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import { pdfLibDocument, qpdfCheck, redSealPng } from './make-pdf.js';
import { digestOfRanges, stamp } from './stamp.js';
import { tempDir } from '../../helpers/temp-dir.js';

let dir: string;
let base: string;
beforeAll(async () => {
  dir = await tempDir('sigdict');
  base = await pdfLibDocument(dir, 'base.pdf', 2);
});

describe('the signature dictionary', () => {
  it('carries /M, the SubFilter and CJK text entries as UTF-16BE with a BOM', async () => {
    const output = join(dir, 'cjk-entries.pdf');
    await stamp(base, output, { reason: '行政审批专用章', location: '杭州市民中心', name: '张三', signingTime: new Date(Date.UTC(2026, 0, 2, 3, 4, 5)) });
    const bytes = await readFile(output);
    expect(bytes.includes(Buffer.from('/SubFilter /ETSI.CAdES.detached'))).toBe(true);
    expect(bytes.includes(Buffer.from('/Filter /Adobe.PPKLite'))).toBe(true);
    expect(bytes.includes(Buffer.from('/M (D:20260102030405Z)'))).toBe(true);
    // UTF-16BE with BOM: FEFF then 884C (行)
    expect(bytes.includes(Buffer.from('<FEFF884C'))).toBe(true);
    const doc = await openPdf(output);
    try {
      const [sig] = await listSignatures(doc);
      expect(sig).toMatchObject({ reason: '行政审批专用章', name: '张三', signingTime: 'D:20260102030405Z', subFilter: 'ETSI.CAdES.detached' });
    } finally {
      await doc.close();
    }
  });

  it('hands the signer a SHA-384 digest of the byte ranges when asked', async () => {
    const output = join(dir, 'sha384.pdf');
    const prepared = await stamp(base, output, { digestAlgorithm: 'sha384' });
    expect(prepared.digest).toHaveLength(48);
    expect(await digestOfRanges(output, prepared.byteRange, 'sha384')).toEqual(prepared.digest);
  });

  it('writes a document timestamp as /DocTimeStamp with ETSI.RFC3161 and no /M', async () => {
    const output = join(dir, 'doc-timestamp.pdf');
    await stamp(base, output, { subFilter: 'ETSI.RFC3161' });
    const text = (await readFile(output)).toString('latin1');
    expect(text).toContain('/Type /DocTimeStamp');
    expect(text).toContain('/SubFilter /ETSI.RFC3161');
    expect(text.slice(text.indexOf('/Type /DocTimeStamp'))).not.toMatch(/^[^>]*\/M \(/);
    expect((await qpdfCheck(output)).ok).toBe(true);
  });

  it('three stamps one after another: three fields, each covering its own revision', async () => {
    const first = join(dir, 'one.pdf');
    const second = join(dir, 'two.pdf');
    const third = join(dir, 'three.pdf');
    await stamp(base, first);
    await stamp(first, second);
    await stamp(second, third);
    const doc = await openPdf(third);
    try {
      const signatures = await listSignatures(doc);
      expect(signatures.map((s) => s.fieldName)).toEqual(['Signature1', 'Signature2', 'Signature3']);
      const sizes = await Promise.all([first, second, third].map(async (p) => (await readFile(p)).length));
      expect(signatures.map((s) => s.revisionEnd)).toEqual(sizes);
      expect(signatures.map((s) => s.bytesAfter)).toEqual([sizes[2]! - sizes[0]!, sizes[2]! - sizes[1]!, 0]);
    } finally {
      await doc.close();
    }
    expect((await qpdfCheck(third)).ok).toBe(true);
  });

  it('keeps the fields of an existing form and sets SigFlags 3', async () => {
    const formDoc = await PDFDocument.load(await readFile(base));
    formDoc.getForm().createTextField('applicant.name').addToPage(formDoc.getPage(0), { x: 50, y: 600, width: 200, height: 20 });
    const input = join(dir, 'with-form.pdf');
    await writeFile(input, await formDoc.save({ useObjectStreams: false }));
    const output = join(dir, 'with-form-stamped.pdf');
    await stamp(input, output);

    const reread = await PDFDocument.load(await readFile(output));
    const names = reread.getForm().getFields().map((f) => f.getName());
    expect(names).toContain('applicant.name');
    expect(names).toContain('Signature1');
    const form = reread.catalog.lookup(PDFName.of('AcroForm'), PDFDict);
    expect(form.lookup(PDFName.of('SigFlags'), PDFNumber).asNumber()).toBe(3);
    expect((await qpdfCheck(output)).ok).toBe(true);
  });

  it('signs the empty signature field of a template where it stands, and refuses to sign it twice', async () => {
    const template = await PDFDocument.load(await readFile(base));
    const page2 = template.getPage(1);
    const field = template.context.register(
      template.context.obj({ Type: 'Annot', Subtype: 'Widget', FT: 'Sig', T: PDFString.of('clerk'), Rect: [100, 100, 220, 220], F: 4 }),
    );
    page2.node.set(PDFName.of('Annots'), template.context.obj([field])); // no /P: found through /Annots
    template.catalog.set(PDFName.of('AcroForm'), template.context.obj({ Fields: [field] }));
    const input = join(dir, 'template.pdf');
    await writeFile(input, await template.save({ useObjectStreams: true }));

    const before = await openPdf(input);
    expect(await signatureFields(before)).toMatchObject([{ name: 'clerk', signed: false, widgets: [{ page: 2, rect: [100, 100, 220, 220] }] }]);
    await before.close();

    const output = join(dir, 'template-signed.pdf');
    await stamp(input, output, { fieldName: 'clerk', images: [{ png: redSealPng(), rect: [100, 100, 220, 220] }] });
    expect((await qpdfCheck(output)).ok).toBe(true);
    const after = await openPdf(output);
    try {
      expect(await signatureFields(after)).toMatchObject([{ name: 'clerk', signed: true }]);
      expect((await listSignatures(after)).map((s) => s.fieldName)).toEqual(['clerk']);
      const again = await stamp(output, join(dir, 'twice.pdf'), { fieldName: 'clerk' }).catch((e: unknown) => e);
      expect(isSealdeskError(again, 'INPUT_INVALID')).toBe(true);
    } finally {
      await after.close();
    }
  });
});
