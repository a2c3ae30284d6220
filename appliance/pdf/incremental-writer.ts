import type {
  PDFDict} from '@cantoo/pdf-lib';
import {
  PDFCrossRefSection,
  PDFCrossRefStream,
  PDFName,
  PDFNumber,
  PDFRawStream,
  PDFRef,
  PDFTrailer,
  PDFTrailerDict,
  type PDFObject,
} from '@cantoo/pdf-lib';
import type { PdfDocument } from './pdf-document.js';
import type { XrefEntry } from './xref-entry.js';

export interface UpdateObject {
  readonly ref: PDFRef;
  readonly object: PDFObject;
}

export interface SerializedUpdate {
  /** The bytes to append after the input's last byte. */
  readonly bytes: Buffer;
  /** File offset of every written object, by object number. */
  readonly offsets: ReadonlyMap<number, number>;
}

/**
 * One incremental update section (ISO 32000-2 §7.5.6): the new and changed objects, then an
 * xref section of the same kind as the file's newest one (a stream when the file uses xref
 * streams, a classic table otherwise) whose trailer points back with /Prev. pdf-lib writes the
 * objects and the xref section; its own incremental save is not used because it needs the
 * whole document parsed. After a repair scan the old xref cannot be trusted, so the section
 * lists every object and has no /Prev: readers then need nothing from the broken part.
 */
export function serializeUpdate(doc: PdfDocument, objects: readonly UpdateObject[]): SerializedUpdate {
  const out = new UpdateBytes();
  out.add('\n');
  const offsets = new Map<number, number>();
  for (const { ref, object } of objects) {
    offsets.set(ref.objectNumber, doc.size + out.length);
    out.add(`${ref.objectNumber} ${ref.generationNumber} obj\n`);
    addBody(out, object);
    out.add('\nendobj\n');
  }
  // where the xref section starts
  const at = doc.size + out.length;
  const size = Math.max(doc.xref.size, ...objects.map((o) => o.ref.objectNumber + 1));
  const old = doc.repaired ? doc.xref.entries : new Map<number, XrefEntry>();
  const compressedOld = [...old.values()].some((e) => e.type === 'compressed');
  const asStream = doc.repaired ? compressedOld : doc.xref.usesXrefStreams;
  const trailer = trailerFor(doc, asStream ? size + 1 : size);
  const generations = new Map(objects.map((o) => [o.ref.objectNumber, o.ref.generationNumber]));

  if (asStream) {
    const streamRef = PDFRef.of(size);
    const xref = PDFCrossRefStream.create(trailer, true);
    for (const [n, e] of [...old].sort((a, b) => a[0] - b[0])) {
      if (n === 0 || offsets.has(n)) continue;
      if (e.type === 'offset') xref.addUncompressedEntry(PDFRef.of(n, e.generation), e.offset);
      else if (e.type === 'compressed') xref.addCompressedEntry(PDFRef.of(n), PDFRef.of(e.stream), e.index);
    }
    for (const [n, offset] of offsets) xref.addUncompressedEntry(PDFRef.of(n, generations.get(n) ?? 0), offset);
    xref.addUncompressedEntry(streamRef, at);
    out.add(`${size} 0 obj\n`);
    out.add(xref);
    out.add(`\nendobj\nstartxref\n${at}\n%%EOF\n`);
  } else {
    const table = doc.repaired ? PDFCrossRefSection.create() : PDFCrossRefSection.createEmpty();
    const all = new Map<number, [number, number]>();
    for (const [n, e] of old) if (n !== 0 && e.type === 'offset') all.set(n, [e.generation, e.offset]);
    for (const [n, offset] of offsets) all.set(n, [generations.get(n) ?? 0, offset]);
    for (const [n, [generation, offset]] of [...all].sort((a, b) => a[0] - b[0])) table.addEntry(PDFRef.of(n, generation), offset);
    out.add(table);
    out.add(PDFTrailerDict.of(trailer));
    out.add('\n');
    out.add(PDFTrailer.forLastCrossRefSectionOffset(at));
  }
  return { bytes: out.toBuffer(), offsets };
}

function trailerFor(doc: PdfDocument, size: number): PDFDict {
  const dict = doc.context.obj({}) as PDFDict;
  dict.set(PDFName.of('Size'), PDFNumber.of(size));
  for (const key of ['Root', 'Info', 'ID']) {
    const value = doc.trailer.get(PDFName.of(key));
    if (value) dict.set(PDFName.of(key), value);
  }
  if (!doc.repaired && doc.xref.startxref !== undefined) dict.set(PDFName.of('Prev'), PDFNumber.of(doc.xref.startxref));
  return dict;
}

/**
 * An object's bytes. A raw stream's data goes in as the buffer it is: pdf-lib copies stream
 * data a byte at a time, which for a seal image was a tenth of a millisecond a stamp.
 */
function addBody(out: UpdateBytes, object: PDFObject): void {
  if (!(object instanceof PDFRawStream)) return out.add(object);
  const contents = object.getContents();
  object.dict.set(PDFName.of('Length'), PDFNumber.of(contents.length));
  out.add(object.dict);
  out.add('\nstream\n');
  out.add(contents);
  out.add('\nendstream');
}

/** What pdf-lib can write: it says its size, then copies itself into a buffer. */
interface Writable {
  sizeInBytes(): number;
  copyBytesInto(buffer: Uint8Array, offset: number): number;
}

/**
 * The update's parts (ASCII text, bytes, pdf-lib objects) sized first and copied once into a
 * buffer of the whole update's size, not each into a buffer of its own that a concat copies again.
 */
class UpdateBytes {
  readonly #parts: (string | Uint8Array | Writable)[] = [];
  length = 0;

  add(part: string | Uint8Array | Writable): void {
    this.#parts.push(part);
    this.length += typeof part === 'string' || part instanceof Uint8Array ? part.length : part.sizeInBytes();
  }

  toBuffer(): Buffer {
    const out = Buffer.allocUnsafe(this.length);
    let at = 0;
    for (const part of this.#parts) {
      if (typeof part === 'string') {
        at += out.write(part, at, 'latin1');
      } else if (part instanceof Uint8Array) {
        out.set(part, at);
        at += part.length;
      } else {
        at += part.copyBytesInto(out, at);
      }
    }
    if (at !== this.length) throw new Error(`the update wrote ${at} bytes of ${this.length}`);
    return out;
  }
}
