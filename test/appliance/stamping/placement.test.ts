/** The three ways a clerk places a seal, and the 骑缝章 across pages. */
import { join } from 'node:path';
import { PDFDocument } from '@cantoo/pdf-lib';
import { readFile, writeFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { openPdf, signatureFields } from '../../../appliance/pdf/index.js';
import { stampPdf } from '../../../appliance/stamping/index.js';
import { verifyPdf } from '../../../appliance/verification/index.js';
import type { Seal } from '../../../appliance/seals/seal.js';
import { chineseDocument, pdfLibDocument } from '../pdf/make-pdf.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { decodeQr } from './helpers/qr-decode.js';
import { openSealFixture, type SealFixture } from './helpers/seal-fixture.js';

let f: SealFixture;
let dir: string;
let seal: Seal;

beforeAll(async () => {
  f = await openSealFixture();
  dir = await tempDir('placement');
  seal = await f.seal('行政审批专用章');
}, 60_000);

/** The rects of the images drawn in the signed widget, read back from its appearance. */
async function widgetRect(path: string): Promise<readonly number[]> {
  const doc = await openPdf(path);
  try {
    const field = (await signatureFields(doc)).find((x) => x.signed)!;
    return field.widgets[0]!.rect;
  } finally {
    await doc.close();
  }
}

describe('placement', () => {
  it('--at-text: the seal is centred on 盖章处 on the page where it is', async () => {
    const input = await chineseDocument(dir, 'cn.pdf', 3, 2, '盖章处', [200, 300]);
    const output = join(dir, 'cn-out.pdf');
    const result = await stampPdf(f.context, { input, output, sealId: seal.id, placement: { kind: 'text', text: '盖章处' }, qr: false });
    expect(result.page).toBe(2);
    const [llx = 0, lly = 0, urx = 0, ury = 0] = await widgetRect(output);
    // text from x 200, 3 glyphs of 20 pt, baseline 300: centre near (230, 307)
    expect(Math.abs((llx + urx) / 2 - 230)).toBeLessThan(12);
    expect(Math.abs((lly + ury) / 2 - 307)).toBeLessThan(12);
    expect((await verifyPdf(output, { home: f.fx.home })).status).toBe('valid');
  });

  it('--field: an empty signature field of a template is filled, and its QR decodes', async () => {
    const doc = await PDFDocument.create();
    const page = doc.addPage([595, 842]);
    const form = doc.getForm();
    // pdf-lib has no signature field builder: a text field's widget rect, then the field as /FT /Sig
    const text = form.createTextField('甲方盖章');
    text.addToPage(page, { x: 300, y: 100, width: 240, height: 130 });
    text.acroField.dict.set(doc.context.obj('FT') as never, doc.context.obj('Sig') as never);
    const input = join(dir, 'template.pdf');
    await writeFile(input, await doc.save({ useObjectStreams: false, updateFieldAppearances: false }));
    const output = join(dir, 'template-out.pdf');
    const result = await stampPdf(f.context, { input, output, sealId: seal.id, placement: { kind: 'field', name: '甲方盖章' } });
    expect((await verifyPdf(output, { home: f.fx.home })).signatures[0]).toMatchObject({ status: 'valid', fieldName: '甲方盖章' });
    expect(await decodeQr(dir, output, 1, 842, [300, 100, 540, 230])).toContain(result.eventId);
  });

  it('--cross-page --pages 2-3: one signature over slices on two pages', async () => {
    const input = await pdfLibDocument(dir, 'three.pdf', 3);
    const output = join(dir, 'cross.pdf');
    await stampPdf(f.context, { input, output, sealId: seal.id, placement: { kind: 'position', page: 3, x: 100, y: 100 }, crossPage: { from: 2, to: 3 } });
    const report = await verifyPdf(output, { home: f.fx.home });
    expect(report.status).toBe('valid');
    expect(report.signatures).toHaveLength(1);
    const bytes = (await readFile(output)).toString('latin1');
    expect(bytes.match(/\/Subtype\s*\/Image/g)?.length).toBeGreaterThanOrEqual(3);
  });
});
