import { PDFArray, PDFDict, PDFName, PDFRef, type PDFObject } from '@cantoo/pdf-lib';
import { malformed } from './malformed.js';
import type { PdfDocument } from './pdf-document.js';

/** A page as the tree holds it, with the attributes it inherits (§7.7.3.4) collected on the way down. */
export interface PageNode {
  readonly ref: PDFRef;
  readonly dict: PDFDict;
  /** MediaBox, CropBox, Rotate, Resources: the nearest node's value. */
  readonly inherited: ReadonlyMap<string, PDFObject>;
}

const INHERITABLE = ['MediaBox', 'CropBox', 'Rotate', 'Resources'];

const indexes = new WeakMap<PdfDocument, Promise<readonly PageNode[]>>();

/**
 * Every page of the document in order, found in one walk of the page tree and kept for as long
 * as the document is open: a cross-page seal over 1,000 pages reads the tree once, not once per
 * page. What the tree really holds counts, never its /Count (which may say 2147483647). A node
 * met twice — a loop, or kids shared between parents — is PDF_MALFORMED (§7.7.3.2: every page
 * has one parent); more pages or levels than the budget allows is DOCUMENT_TOO_COMPLEX.
 */
export function pageIndex(doc: PdfDocument): Promise<readonly PageNode[]> {
  let index = indexes.get(doc);
  if (!index) {
    index = walk(doc);
    indexes.set(doc, index);
  }
  return index;
}

interface Frame {
  readonly kids: readonly PDFObject[];
  next: number;
  readonly inherited: ReadonlyMap<string, PDFObject>;
}

async function walk(doc: PdfDocument): Promise<readonly PageNode[]> {
  const budget = doc.budget;
  const rootValue = (await doc.catalog()).get(PDFName.of('Pages'));
  const root = await doc.resolve(rootValue);
  if (!(root instanceof PDFDict)) throw malformed('the catalog has no page tree');
  const pages: PageNode[] = [];
  const seen = new Set<string>();
  if (rootValue instanceof PDFRef) seen.add(rootValue.tag);
  const stack: Frame[] = [];
  const enter = async (node: PDFDict, ref: PDFRef | undefined, inheritedAbove: ReadonlyMap<string, PDFObject>): Promise<void> => {
    let inherited = inheritedAbove;
    for (const key of INHERITABLE) {
      const value = node.get(PDFName.of(key));
      if (!value) continue;
      if (inherited === inheritedAbove) inherited = new Map(inheritedAbove);
      (inherited as Map<string, PDFObject>).set(key, value);
    }
    const kids = await doc.get(node, 'Kids', PDFArray);
    if (kids) {
      budget.within('pageTreeDepth', stack.length + 1);
      stack.push({ kids: kids.asArray(), next: 0, inherited });
      return;
    }
    if (!ref) throw malformed('a page is not an indirect object');
    budget.spend('pages');
    pages.push({ ref, dict: node, inherited });
  };
  await enter(root, rootValue instanceof PDFRef ? rootValue : undefined, new Map());
  while (stack.length > 0) {
    const frame = stack.at(-1)!;
    if (frame.next >= frame.kids.length) {
      stack.pop();
      continue;
    }
    const kid = frame.kids[frame.next++]!;
    if (kid instanceof PDFRef) {
      if (seen.has(kid.tag)) throw malformed(`page tree node ${kid.tag} is reached twice (a loop or shared kids)`);
      seen.add(kid.tag);
    }
    const node = await doc.resolve(kid);
    if (!(node instanceof PDFDict)) {
      // a kid that is not there: a viewer skips it, but in a repaired file it means lost pages
      if (doc.repaired) throw malformed('a page object is missing');
      continue;
    }
    await enter(node, kid instanceof PDFRef ? kid : undefined, frame.inherited);
  }
  return pages;
}
