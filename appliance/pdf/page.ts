import { PDFArray, PDFDict, PDFNumber, type PDFObject, type PDFRef } from '@cantoo/pdf-lib';
import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';
import { malformed } from './malformed.js';
import { pageTree } from './page-tree.js';
import type { PdfDocument } from './pdf-document.js';

/** [llx, lly, urx, ury] in PDF points. */
export type Box = readonly [number, number, number, number];

export interface PageInfo {
  /** 1-based. */
  readonly number: number;
  readonly ref: PDFRef;
  readonly dict: PDFDict;
  readonly mediaBox: Box;
  /** CropBox clipped to MediaBox; MediaBox when absent (§14.11.2). */
  readonly cropBox: Box;
  /** 0, 90, 180 or 270. */
  readonly rotate: number;
  /** Displayed size: the crop box, turned by /Rotate. */
  readonly width: number;
  readonly height: number;
}

/** Number of pages the page tree really holds (its whole walk, kept per document: see page-tree.ts). */
export async function pageCount(doc: PdfDocument): Promise<number> {
  return (await pageTree(doc).all()).length;
}

/**
 * Page `number` (1-based): the tree is walked as far as that page, once per document.
 * PAGE_OUT_OF_RANGE past the last page the tree holds.
 */
export async function page(doc: PdfDocument, number: number): Promise<PageInfo> {
  const found = Number.isInteger(number) && number >= 1 ? await pageTree(doc).page(number) : undefined;
  if (!found) throw new SealdeskError('PAGE_OUT_OF_RANGE', { page: number, pageCount: await pageCount(doc) });
  return describe(doc, number, found.ref, found.dict, found.inherited);
}

async function describe(doc: PdfDocument, number: number, ref: PDFRef, dict: PDFDict, inherited: ReadonlyMap<string, PDFObject>): Promise<PageInfo> {
  const mediaBox = (await box(doc, inherited.get('MediaBox'))) ?? ([0, 0, 612, 792] as const); // US Letter: the spec's default
  const crop = await box(doc, inherited.get('CropBox'));
  const cropBox: Box = crop
    ? [Math.max(crop[0], mediaBox[0]), Math.max(crop[1], mediaBox[1]), Math.min(crop[2], mediaBox[2]), Math.min(crop[3], mediaBox[3])]
    : mediaBox;
  const rotateValue = await doc.resolve(inherited.get('Rotate'));
  const rotate = (((rotateValue instanceof PDFNumber ? rotateValue.asNumber() : 0) % 360) + 360) % 360;
  const w = cropBox[2] - cropBox[0];
  const h = cropBox[3] - cropBox[1];
  const turned = rotate === 90 || rotate === 270;
  return { number, ref, dict, mediaBox, cropBox, rotate, width: turned ? h : w, height: turned ? w : h };
}

async function box(doc: PdfDocument, value: PDFObject | undefined): Promise<Box | undefined> {
  const array = await doc.resolve(value);
  if (!(array instanceof PDFArray) || array.size() !== 4) return undefined;
  const n: number[] = [];
  for (const item of array.asArray()) {
    const v = await doc.resolve(item);
    if (!(v instanceof PDFNumber)) return undefined;
    n.push(v.asNumber());
  }
  const [a, b, c, d] = n as [number, number, number, number];
  return [Math.min(a, c), Math.min(b, d), Math.max(a, c), Math.max(b, d)];
}

/**
 * Checks that the page tree holds as many pages as its /Count says. Only for repaired files:
 * there a missing page object (a truncated file) must fail at open, not half-way through a
 * stamp. (An intact file's /Count is not trusted either, but a wrong one is not refused.)
 */
export async function checkPageTree(doc: PdfDocument): Promise<void> {
  const root = await doc.get(await doc.catalog(), 'Pages', PDFDict);
  const expected = root && (await doc.get(root, 'Count', PDFNumber))?.asNumber();
  const leaves = await pageCount(doc);
  if (leaves !== expected) throw malformed(`the page tree has ${leaves} pages, its /Count says ${expected ?? 'nothing'}`);
}
