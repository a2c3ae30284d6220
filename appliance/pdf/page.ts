import { PDFArray, PDFDict, PDFName, PDFNumber, PDFRef, type PDFObject } from '@cantoo/pdf-lib';
import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';
import { malformed } from './malformed.js';
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

/** Number of pages, from the page tree root's /Count. */
export async function pageCount(doc: PdfDocument): Promise<number> {
  const root = await doc.get(await doc.catalog(), 'Pages', PDFDict);
  const count = root && (await doc.get(root, 'Count', PDFNumber));
  if (!count) throw malformed('the page tree has no /Count');
  return count.asNumber();
}

/**
 * Page `number` (1-based): walks the page tree from the root, skipping whole subtrees by their
 * /Count, so finding page 1,000 reads a few dozen objects, not a thousand. Collects the
 * inheritable attributes (§7.7.3.4) on the way down.
 */
export async function page(doc: PdfDocument, number: number): Promise<PageInfo> {
  const total = await pageCount(doc);
  if (!Number.isInteger(number) || number < 1 || number > total) throw new SealdeskError('PAGE_OUT_OF_RANGE', { page: number, pageCount: total });
  let nodeRef = (await doc.catalog()).get(PDFName.of('Pages'));
  let node = await doc.get(await doc.catalog(), 'Pages', PDFDict);
  const inherited = new Map<string, PDFObject>();
  let skip = number - 1;
  for (let depth = 0; node; depth++) {
    if (depth > 64) throw malformed('the page tree is too deep or loops');
    for (const key of ['MediaBox', 'CropBox', 'Rotate', 'Resources']) {
      const value = node.get(PDFName.of(key));
      if (value) inherited.set(key, value);
    }
    const kids = await doc.get(node, 'Kids', PDFArray);
    if (!kids) {
      if (skip !== 0 || !(nodeRef instanceof PDFRef)) throw malformed(`page ${number} is missing from the page tree`);
      return describe(doc, number, nodeRef, node, inherited);
    }
    let next: PDFDict | undefined;
    for (const kid of kids.asArray()) {
      const kidDict = await doc.resolve(kid);
      if (!(kidDict instanceof PDFDict)) continue;
      const isTree = kidDict.has(PDFName.of('Kids'));
      const count = isTree ? ((await doc.get(kidDict, 'Count', PDFNumber))?.asNumber() ?? 0) : 1;
      if (skip < count) {
        next = kidDict;
        nodeRef = kid;
        break;
      }
      skip -= count;
    }
    if (!next) throw malformed(`page ${number} is missing from the page tree`);
    node = next;
  }
  throw malformed(`page ${number} is missing from the page tree`);
}

async function describe(doc: PdfDocument, number: number, ref: PDFRef, dict: PDFDict, inherited: Map<string, PDFObject>): Promise<PageInfo> {
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
 * Reads every page of the tree, checking that it has as many leaves as its /Count says. Only
 * for repaired files: there a missing page object (a truncated file) must fail at open, not
 * half-way through a stamp.
 */
export async function checkPageTree(doc: PdfDocument): Promise<void> {
  const root = await doc.get(await doc.catalog(), 'Pages', PDFDict);
  const expected = await pageCount(doc);
  let leaves = 0;
  const seen = new Set<PDFDict>();
  const walk = async (node: PDFDict, depth: number): Promise<void> => {
    if (depth > 64 || seen.has(node)) throw malformed('the page tree loops');
    seen.add(node);
    const kids = await doc.get(node, 'Kids', PDFArray);
    if (!kids) {
      leaves++;
      return;
    }
    for (const kid of kids.asArray()) {
      const child = await doc.resolve(kid);
      if (!(child instanceof PDFDict)) throw malformed('a page object is missing');
      await walk(child, depth + 1);
    }
  };
  if (root) await walk(root, 0);
  if (leaves !== expected) throw malformed(`the page tree has ${leaves} pages, its /Count says ${expected}`);
}
