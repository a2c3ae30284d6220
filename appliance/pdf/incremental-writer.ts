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
  const chunks: Buffer[] = [Buffer.from('\n')];
  let at = doc.size + 1;
  const offsets = new Map<number, number>();
  for (const { ref, object } of objects) {
    const body = objectBody(object);
    const head = Buffer.from(`${ref.objectNumber} ${ref.generationNumber} obj\n`, 'latin1');
    const tail = Buffer.from('\nendobj\n', 'latin1');
    offsets.set(ref.objectNumber, at);
    chunks.push(head, ...body, tail);
    at += head.length + body.reduce((sum, part) => sum + part.length, 0) + tail.length;
  }
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
    const body = Buffer.alloc(xref.sizeInBytes());
    xref.copyBytesInto(body, 0);
    chunks.push(Buffer.from(`${size} 0 obj\n`), body, Buffer.from(`\nendobj\nstartxref\n${at}\n%%EOF\n`));
  } else {
    const table = doc.repaired ? PDFCrossRefSection.create() : PDFCrossRefSection.createEmpty();
    const all = new Map<number, [number, number]>();
    for (const [n, e] of old) if (n !== 0 && e.type === 'offset') all.set(n, [e.generation, e.offset]);
    for (const [n, offset] of offsets) all.set(n, [generations.get(n) ?? 0, offset]);
    for (const [n, [generation, offset]] of [...all].sort((a, b) => a[0] - b[0])) table.addEntry(PDFRef.of(n, generation), offset);
    chunks.push(write(table), write(PDFTrailerDict.of(trailer)), Buffer.from('\n'), write(PDFTrailer.forLastCrossRefSectionOffset(at)));
  }
  return { bytes: Buffer.concat(chunks), offsets };
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
function objectBody(object: PDFObject): Buffer[] {
  if (!(object instanceof PDFRawStream)) return [write(object)];
  const contents = object.getContents();
  object.dict.set(PDFName.of('Length'), PDFNumber.of(contents.length));
  return [write(object.dict), Buffer.from('\nstream\n', 'latin1'), Buffer.from(contents.buffer, contents.byteOffset, contents.byteLength), Buffer.from('\nendstream', 'latin1')];
}

function write(part: { sizeInBytes(): number; copyBytesInto(buffer: Uint8Array, offset: number): number }): Buffer {
  const buffer = Buffer.alloc(part.sizeInBytes());
  part.copyBytesInto(buffer, 0);
  return buffer;
}
