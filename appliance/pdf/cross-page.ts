import type { PDFRef } from '@cantoo/pdf-lib';
import { page as findPage, pageCount, type Box } from './page.js';
import type { PdfDocument } from './pdf-document.js';
import { cropColumns, decodePng, registerImage } from './png-image.js';
import type { CrossPageSeal } from './signature-request.js';

export interface CrossPageSlice {
  readonly page: number;
  readonly rect: Box;
  readonly image: PDFRef;
}

/**
 * 骑缝章: the seal cut into as many vertical slices as pages, slice i (from the left) against the
 * right edge of the i-th page, so the pages fanned out side by side show the whole seal.
 */
export async function crossPageSlices(doc: PdfDocument, seal: CrossPageSeal): Promise<CrossPageSlice[]> {
  const pages = seal.pages ?? Array.from({ length: await pageCount(doc) }, (_, i) => i + 1);
  const image = decodePng(seal.png);
  const width = seal.width / Math.max(1, pages.length);
  const slices: CrossPageSlice[] = [];
  for (let i = 0; i < pages.length; i++) {
    const info = await findPage(doc, pages[i]!);
    const from = Math.floor((image.width * i) / pages.length);
    const to = Math.max(from + 1, Math.floor((image.width * (i + 1)) / pages.length));
    const right = info.cropBox[2];
    const y = seal.y ?? (info.cropBox[1] + info.cropBox[3] - seal.height) / 2;
    slices.push({ page: info.number, rect: [right - width, y, right, y + seal.height], image: registerImage(doc.context, cropColumns(image, from, to)) });
  }
  return slices;
}
