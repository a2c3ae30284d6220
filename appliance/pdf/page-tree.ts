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
/** Kids read together: a large file is read by offset, and one read at a time cost ~0.1 ms a page. */
const READ_AHEAD = 32;

interface Frame {
  readonly kids: readonly PDFObject[];
  next: number;
  /** Kids before this index have been read (or asked for). */
  readTo: number;
  readonly inherited: ReadonlyMap<string, PDFObject>;
}

/**
 * The document's pages in order, found by one walk of the page tree that goes only as far as it
 * has been asked to: page 1 of a 1,000-page file reads the root and its first kid, a cross-page
 * seal over every page reads the tree once (not once per page), and no page is found twice. What
 * the tree really holds counts, never its /Count (which may say 2147483647: only the pages before
 * page n tell where page n is). A node met twice — a loop, or kids shared between parents — is
 * PDF_MALFORMED (§7.7.3.2: every page has one parent); more pages or levels than the budget
 * allows is DOCUMENT_TOO_COMPLEX.
 */
export class PageTree {
  private readonly found: PageNode[] = [];
  private readonly stack: Frame[] = [];
  private readonly seen = new Set<string>();
  private started = false;
  /** Walks run one after another: two callers never move the same stack. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly doc: PdfDocument) {}

  /** Page `number` (1-based), or undefined when the tree holds fewer. */
  async page(number: number): Promise<PageNode | undefined> {
    if (number <= this.found.length) return this.found[number - 1];
    await this.walkUntil(number);
    return this.found[number - 1];
  }

  /** Every page (the whole tree walked). */
  async all(): Promise<readonly PageNode[]> {
    await this.walkUntil(Infinity);
    return this.found;
  }

  private walkUntil(wanted: number): Promise<void> {
    const run = this.queue.then(() => this.walk(wanted));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async walk(wanted: number): Promise<void> {
    const doc = this.doc;
    if (!this.started) {
      this.started = true;
      const rootValue = (await doc.catalog()).get(PDFName.of('Pages'));
      const root = await doc.resolve(rootValue);
      if (!(root instanceof PDFDict)) throw malformed('the catalog has no page tree');
      if (rootValue instanceof PDFRef) this.seen.add(rootValue.tag);
      await this.enter(root, rootValue instanceof PDFRef ? rootValue : undefined, new Map());
    }
    while (this.found.length < wanted && this.stack.length > 0) {
      const frame = this.stack.at(-1)!;
      if (frame.next >= frame.kids.length) {
        this.stack.pop();
        continue;
      }
      if (frame.next >= frame.readTo) {
        // as many as the pages still wanted (a page 1 reads one kid), at most READ_AHEAD
        frame.readTo = frame.next + Math.min(READ_AHEAD, Math.max(1, wanted - this.found.length));
        await this.readAhead(frame.kids.slice(frame.next, frame.readTo));
      }
      const kid = frame.kids[frame.next++]!;
      if (kid instanceof PDFRef) {
        if (this.seen.has(kid.tag)) throw malformed(`page tree node ${kid.tag} is reached twice (a loop or shared kids)`);
        this.seen.add(kid.tag);
      }
      const node = await doc.resolve(kid);
      if (!(node instanceof PDFDict)) {
        // a kid that is not there: a viewer skips it, but in a repaired file it means lost pages
        if (doc.repaired) throw malformed('a page object is missing');
        continue;
      }
      await this.enter(node, kid instanceof PDFRef ? kid : undefined, frame.inherited);
    }
  }

  private async enter(node: PDFDict, ref: PDFRef | undefined, inheritedAbove: ReadonlyMap<string, PDFObject>): Promise<void> {
    let inherited = inheritedAbove;
    for (const key of INHERITABLE) {
      const value = node.get(PDFName.of(key));
      if (!value) continue;
      if (inherited === inheritedAbove) inherited = new Map(inheritedAbove);
      (inherited as Map<string, PDFObject>).set(key, value);
    }
    const kids = await this.doc.get(node, 'Kids', PDFArray);
    if (kids) {
      this.doc.budget.within('pageTreeDepth', this.stack.length + 1);
      this.stack.push({ kids: kids.asArray(), next: 0, readTo: 0, inherited });
      return;
    }
    if (!ref) throw malformed('a page is not an indirect object');
    this.doc.budget.spend('pages');
    this.found.push({ ref, dict: node, inherited });
  }

  /** Starts reading the kids not met yet, together; the walk then finds them in the document's cache. */
  private async readAhead(kids: readonly PDFObject[]): Promise<void> {
    const unseen = [...new Set(kids.filter((k): k is PDFRef => k instanceof PDFRef && !this.seen.has(k.tag)))];
    // a kid that cannot be read is reported by the walk itself, in order
    await Promise.all(unseen.map((k) => this.doc.resolve(k).catch(() => undefined)));
  }
}

const trees = new WeakMap<PdfDocument, PageTree>();

/** The document's page tree walker, one per opened document. */
export function pageTree(doc: PdfDocument): PageTree {
  let tree = trees.get(doc);
  if (!tree) {
    tree = new PageTree(doc);
    trees.set(doc, tree);
  }
  return tree;
}
