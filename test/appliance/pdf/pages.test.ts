/** Page count, page lookup through nested trees, and sizes from inherited MediaBox / CropBox / Rotate. */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PDFRef} from '@cantoo/pdf-lib';
import { PDFArray, PDFDocument, PDFName, PDFNumber, degrees, type PDFDict } from '@cantoo/pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { openPdf, page, pageCount } from '../../../appliance/pdf/index.js';
import { pdfLibDocument, qpdf } from './make-pdf.js';
import { tempDir } from '../../helpers/temp-dir.js';

let dir: string;
beforeAll(async () => {
  dir = await tempDir('pages');
});

/**
 * Seven pages marked /SealdeskTestNumber, hung in a nested tree:
 * root → [ node(1, 2, 3), 4, node(node(5, 6), 7) ], MediaBox A5 only on the root, page 6 turned
 * 90° through its parent, page 7 with a CropBox.
 */
async function nestedTree(): Promise<string> {
  const doc = await PDFDocument.create();
  const pages = Array.from({ length: 7 }, (_, i) => {
    const p = doc.addPage([100, 100]);
    p.node.set(PDFName.of('SealdeskTestNumber'), PDFNumber.of(i + 1));
    p.node.delete(PDFName.of('MediaBox'));
    return p.ref;
  });
  const ctx = doc.context;
  const rootRef = doc.catalog.get(PDFName.of('Pages')) as PDFRef;
  const node = (parent: PDFRef, kids: PDFRef[], count: number, extra: Record<string, unknown> = {}): PDFRef => {
    const ref = ctx.nextRef();
    ctx.assign(ref, ctx.obj({ Type: 'Pages', Parent: parent, Kids: kids, Count: count, ...extra } as never));
    for (const kid of kids) (ctx.lookup(kid) as PDFDict).set(PDFName.of('Parent'), ref);
    return ref;
  };
  const [p1, p2, p3, p4, p5, p6, p7] = pages as [PDFRef, PDFRef, PDFRef, PDFRef, PDFRef, PDFRef, PDFRef];
  const a = node(rootRef, [p1, p2, p3], 3);
  const inner = node(rootRef, [p5, p6], 2, { Rotate: 90 });
  const b = node(rootRef, [inner, p7], 3);
  (ctx.lookup(inner) as PDFDict).set(PDFName.of('Parent'), b);
  (ctx.lookup(p4) as PDFDict).set(PDFName.of('Parent'), rootRef);
  (ctx.lookup(p7) as PDFDict).set(PDFName.of('CropBox'), ctx.obj([10, 20, 110, 220]));
  const root = ctx.lookup(rootRef) as PDFDict;
  root.set(PDFName.of('Kids'), ctx.obj([a, p4, b]));
  root.set(PDFName.of('Count'), PDFNumber.of(7));
  root.set(PDFName.of('MediaBox'), ctx.obj([0, 0, 420, 595]));
  const path = join(dir, 'nested.pdf');
  await writeFile(path, await doc.save({ useObjectStreams: false }));
  return path;
}

describe('pages', () => {
  it('finds every page of a nested tree and inherits MediaBox and Rotate', async () => {
    // qpdf --object-streams=generate keeps the tree and moves the page objects into object streams
    const input = await qpdf(['--object-streams=generate'], await nestedTree(), join(dir, 'nested-objstm.pdf'));
    const doc = await openPdf(input);
    try {
      expect(await pageCount(doc)).toBe(7);
      for (let n = 1; n <= 7; n++) {
        const info = await page(doc, n);
        expect((info.dict.get(PDFName.of('SealdeskTestNumber')) as PDFNumber).asNumber()).toBe(n);
        expect(info.mediaBox).toEqual([0, 0, 420, 595]);
      }
      expect(await page(doc, 1)).toMatchObject({ rotate: 0, width: 420, height: 595 });
      expect(await page(doc, 6)).toMatchObject({ rotate: 90, width: 595, height: 420 });
      // the CropBox is clipped to the MediaBox
      expect(await page(doc, 7)).toMatchObject({ cropBox: [10, 20, 110, 220], width: 100, height: 200 });
    } finally {
      await doc.close();
    }
  });

  it('reads a rotated page and page 1,200 of a long document', async () => {
    const long = await pdfLibDocument(dir, 'long.pdf', 1200);
    const rotated = await PDFDocument.load(await readFile(long));
    rotated.getPage(1199).setRotation(degrees(270));
    const path = join(dir, 'long-rotated.pdf');
    await writeFile(path, await rotated.save({ useObjectStreams: true }));
    const doc = await openPdf(path);
    try {
      expect(await pageCount(doc)).toBe(1200);
      expect(await page(doc, 1200)).toMatchObject({ number: 1200, rotate: 270, width: 842, height: 595 });
      expect(doc.repaired).toBe(false);
      expect((await page(doc, 1)).dict.get(PDFName.of('MediaBox'))).toBeInstanceOf(PDFArray);
    } finally {
      await doc.close();
    }
  });
});
