import { PDFContext, PDFDict, PDFName, PDFNumber, PDFRawStream, PDFRef, type PDFObject } from '@cantoo/pdf-lib';
import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';
import { DocumentBudget, type DocumentLimits } from '../documents/index.js';
import { readIndirectObject } from './indirect-object.js';
import { malformed } from './malformed.js';
import { ObjectStream } from './object-stream.js';
import { RandomAccessFile } from './random-access-file.js';
import { repairScan } from './repair-scan.js';
import { readXrefChain, type XrefIndex } from './xref-chain.js';

/** What opening a document from outside may take: the limits of config.json `documents.limits`. */
export interface OpenOptions {
  readonly limits?: DocumentLimits;
}

/**
 * A PDF opened lazily: the xref chain is read at open, objects only when asked for. pdf-lib
 * (@cantoo/pdf-lib) parses the objects we read and serialises the ones we write; its own
 * PDFDocument.load is not used because it parses every object of the file (measured in
 * test/bench/pdf-load.bench.ts). Everything it reads is spent from its `budget`.
 */
export class PdfDocument {
  /** pdf-lib's object factory and the cache of every object read so far. */
  readonly context = PDFContext.create();
  private readonly objects = new Map<number, PDFObject>();
  /** Reads under way: two concurrent asks for one object share one read (the page walk reads kids together). */
  private readonly loading = new Map<number, Promise<PDFObject | undefined>>();
  private readonly objectStreams = new Map<number, Promise<ObjectStream>>();

  private constructor(
    readonly file: RandomAccessFile,
    readonly xref: XrefIndex,
    /** True when the xref could not be read and was rebuilt by scanning the objects. */
    readonly repaired: boolean,
    /** This document's share of the appliance (DOCUMENT_TOO_COMPLEX past it). */
    readonly budget: DocumentBudget,
  ) {
    // New objects registered in `context` get numbers after the file's highest one.
    this.context.largestObjectNumber = Math.max(0, xref.size - 1);
  }

  private updating = false;

  /**
   * Marks the document as the base of one update. New objects are registered in this
   * document's context, so a second update from the same open document would carry the first
   * one's objects too: open the file again (or the output) instead.
   */
  beginUpdate(): void {
    if (this.updating) throw new Error('one update per opened PdfDocument: open the PDF again');
    this.updating = true;
  }

  /** Objects registered in `context` since open: the ones an update must write as new. */
  newObjects(): [PDFRef, PDFObject][] {
    return this.context.enumerateIndirectObjects().filter(([ref]) => ref.objectNumber >= this.xref.size);
  }

  /**
   * Opens `path`. PDF_ENCRYPTED when the trailer has /Encrypt (stamping would need the
   * document's keys to write objects; sealdesk refuses rather than guessing), PDF_MALFORMED
   * when neither the xref nor a repair scan yields a catalog with a page tree,
   * DOCUMENT_TOO_COMPLEX past a limit of `options.limits`. `bytes`: the file's content when the
   * caller has read it already (nothing is read from disk then).
   */
  static async open(path: string, bytes?: Buffer, options: OpenOptions = {}): Promise<PdfDocument> {
    const file = bytes ? RandomAccessFile.fromBytes(path, bytes) : await RandomAccessFile.open(path);
    try {
      const head = (await file.read(0, 1024)).toString('latin1');
      if (!head.includes('%PDF-')) throw malformed('no %PDF- header');
      let doc: PdfDocument;
      try {
        const budget = DocumentBudget.for(file.size, options.limits);
        doc = new PdfDocument(file, await readXrefChain(file, PDFContext.create(), budget), false, budget);
        await doc.checkReadable();
      } catch (error) {
        if (error instanceof SealdeskError && error.code !== 'PDF_MALFORMED') throw error;
        // a fresh budget: the repair scan reads what the failed attempt read once more
        const budget = DocumentBudget.for(file.size, options.limits);
        doc = new PdfDocument(file, await repairScan(file, PDFContext.create(), budget), true, budget);
        await doc.checkReadable();
      }
      return doc;
    } catch (error) {
      await file.close();
      if (error instanceof SealdeskError) throw error;
      throw malformed(error instanceof Error ? error.message : String(error), error);
    }
  }

  get path(): string {
    return this.file.path;
  }

  get size(): number {
    return this.file.size;
  }

  get trailer(): PDFDict {
    return this.xref.trailer;
  }

  private async checkReadable(): Promise<void> {
    if (this.trailer.has(PDFName.of('Encrypt'))) throw new SealdeskError('PDF_ENCRYPTED');
    const catalog = await this.catalog();
    const pages = await this.resolve(catalog.get(PDFName.of('Pages')));
    if (!(pages instanceof PDFDict)) throw malformed('the catalog has no page tree');
    const count = await this.resolve(pages.get(PDFName.of('Count')));
    if (!(count instanceof PDFNumber)) throw malformed('the page tree has no /Count');
  }

  async catalog(): Promise<PDFDict> {
    const root = this.trailer.get(PDFName.of('Root'));
    const catalog = await this.resolve(root);
    if (!(catalog instanceof PDFDict)) throw malformed('the trailer /Root is not a dictionary');
    return catalog;
  }

  /** The object a reference points to (a direct object is returned as it is). */
  async resolve(value: PDFObject | undefined): Promise<PDFObject | undefined> {
    for (let hops = 0; value instanceof PDFRef; hops++) {
      if (hops > 32) throw malformed('a reference chain loops');
      value = await this.load(value);
    }
    return value;
  }

  /** resolve(), typed: undefined when absent or of another type. */
  async get<T extends PDFObject>(dict: PDFDict, key: string, type: { prototype: T }): Promise<T | undefined> {
    const value = await this.resolve(dict.get(PDFName.of(key)));
    // pdf-lib's classes have private constructors, so `instanceof type` does not type-check
    return value !== undefined && Object.prototype.isPrototypeOf.call(type.prototype, value) ? (value as T) : undefined;
  }

  private load(ref: PDFRef): Promise<PDFObject | undefined> {
    const cached = this.objects.get(ref.objectNumber);
    if (cached) return Promise.resolve(cached);
    let pending = this.loading.get(ref.objectNumber);
    if (!pending) {
      pending = this.read(ref).finally(() => this.loading.delete(ref.objectNumber));
      this.loading.set(ref.objectNumber, pending);
    }
    return pending;
  }

  private async read(ref: PDFRef): Promise<PDFObject | undefined> {
    const entry = this.xref.entries.get(ref.objectNumber);
    let object: PDFObject | undefined;
    try {
      if (entry?.type === 'offset') {
        const found = await readIndirectObject(this.file, entry.offset, this.context, this.budget.limits.nestingDepth);
        if (found.ref.objectNumber !== ref.objectNumber) throw malformed(`object ${ref.objectNumber} is not where the xref says`);
        object = found.object;
      } else if (entry?.type === 'compressed') {
        object = (await this.objectStream(entry.stream)).object(ref.objectNumber, entry.index);
      }
    } catch (error) {
      // pdf-lib's parser throws its own error classes: to a clerk they all mean "damaged PDF"
      throw error instanceof SealdeskError ? error : malformed(`object ${ref.objectNumber} cannot be read`, error);
    }
    if (object === undefined) return undefined; // free or absent objects are null (§7.3.10)
    this.objects.set(ref.objectNumber, object);
    this.context.assign(ref, object);
    return object;
  }

  private objectStream(number: number): Promise<ObjectStream> {
    let stream = this.objectStreams.get(number);
    if (!stream) {
      stream = (async () => {
        const raw = await this.resolve(PDFRef.of(number, 0));
        if (!(raw instanceof PDFRawStream)) throw malformed(`object stream ${number} is missing`);
        return new ObjectStream(raw, this.context, this.budget);
      })();
      this.objectStreams.set(number, stream);
    }
    return stream;
  }

  async close(): Promise<void> {
    await this.file.close();
  }
}
