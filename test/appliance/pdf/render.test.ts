/**
 * What a clerk sees: poppler renders the stamped page with the red seal inside its rect, the QR
 * stand-in beside it, the page's own text kept, and the cross-page seal's slices on the right
 * edge of every page. Renders go to PNG (kept in the temp dir while the test runs).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { listSignatures, openPdf } from '../../../appliance/pdf/index.js';
import { checkerPng, pdfLibDocument, qpdfCheck, redSealPng, run } from './make-pdf.js';
import { stamp } from './stamp.js';
import { tempDir } from '../../helpers/temp-dir.js';

const DPI = 72; // one pixel per point: PDF rects map straight onto pixels
const PAGE_HEIGHT = 842;

let dir: string;
beforeAll(async () => {
  dir = await tempDir('render');
});

async function render(pdf: string, pageNumber: number): Promise<PNG> {
  const prefix = join(dir, `render-${pageNumber}-${Math.random().toString(36).slice(2)}`);
  await run('pdftoppm', ['-f', String(pageNumber), '-l', String(pageNumber), '-r', String(DPI), '-png', '-singlefile', pdf, prefix]);
  return PNG.sync.read(await readFile(`${prefix}.png`));
}

/** Share of pixels in a PDF-space rect matching `test` (PDF y grows upwards, image y downwards). */
function share(png: PNG, rect: readonly number[], test: (r: number, g: number, b: number) => boolean): number {
  const [x0 = 0, y0 = 0, x1 = 0, y1 = 0] = rect;
  let hits = 0;
  let all = 0;
  for (let y = Math.ceil(PAGE_HEIGHT - y1); y < Math.floor(PAGE_HEIGHT - y0); y++) {
    for (let x = Math.ceil(x0); x < Math.floor(x1); x++) {
      const i = (y * png.width + x) * 4;
      all++;
      if (test(png.data[i]!, png.data[i + 1]!, png.data[i + 2]!)) hits++;
    }
  }
  return hits / all;
}

const red = (r: number, g: number, b: number) => r > 180 && g < 90 && b < 90;
const dark = (r: number, g: number, b: number) => r < 60 && g < 60 && b < 60;

describe('the stamped page as poppler renders it', () => {
  it('shows the seal inside its rect, the QR code beside it, and nothing red elsewhere', async () => {
    const input = await pdfLibDocument(dir, 'one.pdf', 3);
    const output = join(dir, 'one-stamped.pdf');
    const seal = [300, 300, 420, 420];
    const qr = [430, 300, 470, 340];
    await stamp(input, output, { page: 2, images: [{ png: redSealPng(), rect: seal as never }, { png: checkerPng(), rect: qr as never }] });
    const page2 = await render(output, 2);
    // a disc fills π/4 of its square
    expect(share(page2, seal, red)).toBeGreaterThan(0.7);
    expect(share(page2, [seal[0]! + 5, 500, seal[2]! - 5, 600], red)).toBe(0);
    // the alpha channel works: the corners of the seal's square stay white
    expect(share(page2, [seal[0]!, seal[1]!, seal[0]! + 10, seal[1]! + 10], red)).toBe(0);
    expect(share(page2, qr, dark)).toBeGreaterThan(0.3);
    // the page keeps its own content (the text line at the top)
    expect(share(page2, [50, 775, 300, 795], dark)).toBeGreaterThan(0.01);
    // other pages are untouched
    expect(share(await render(output, 1), seal, red)).toBe(0);
  });

  it('draws a cross-page seal as slices on the right edge of each page, all under one signature', async () => {
    const input = await pdfLibDocument(dir, 'cross.pdf', 4);
    const output = join(dir, 'cross-stamped.pdf');
    await stamp(input, output, {
      page: 4,
      images: [{ png: redSealPng(), rect: [300, 100, 420, 220] }],
      crossPage: { png: redSealPng(160), width: 120, height: 120, y: 400 },
    });
    expect((await qpdfCheck(output)).ok).toBe(true);
    for (let n = 1; n <= 4; n++) {
      const png = await render(output, n);
      // each page shows a quarter of the disc in its last 30 points
      expect(share(png, [565, 400, 595, 520], red), `page ${n}`).toBeGreaterThan(0.3);
      expect(share(png, [500, 400, 560, 520], red), `page ${n}`).toBe(0);
    }
    const doc = await openPdf(output);
    try {
      expect(await listSignatures(doc)).toHaveLength(1);
    } finally {
      await doc.close();
    }
    // poppler sees one signature field, and one that carries a signature (it has a stand-in CMS)
    const pdfsig = await run('pdfsig', [output]).catch((e: { stdout?: string }) => ({ stdout: e.stdout ?? '' }));
    expect(pdfsig.stdout.match(/Signature #/g)).toHaveLength(1);
    expect(pdfsig.stdout).not.toContain('not signed');
  });
});
