import { PDFArray, PDFName, PDFNumber, PDFRawStream, type PDFContext, type PDFDict } from '@cantoo/pdf-lib';
import type { DocumentBudget } from '../documents/index.js';
import { readIndirectObject } from './indirect-object.js';
import { malformed } from './malformed.js';
import type { RandomAccessFile } from './random-access-file.js';
import { streamData } from './stream-data.js';
import type { XrefEntry, XrefSection } from './xref-entry.js';

/**
 * Reads an xref stream (ISO 32000-2 §7.5.8). pdf-lib's PDFXRefStreamParser is not used: it
 * decodes through pdf-lib's decoder (no PNG predictor, see stream-data.ts) and drops the index
 * of objects inside object streams.
 */
export async function readXrefStream(file: RandomAccessFile, offset: number, context: PDFContext, budget: DocumentBudget): Promise<XrefSection> {
  const { object } = await readIndirectObject(file, offset, context, budget.limits.nestingDepth);
  if (!(object instanceof PDFRawStream) || object.dict.get(PDFName.of('Type')) !== PDFName.of('XRef')) {
    throw malformed(`no cross-reference stream at ${offset}`);
  }
  return { kind: 'stream', offset, entries: decodeXrefStream(object, budget), trailer: object.dict };
}

/** The entries, each one spent from the document's objects: a lying /Index cannot make us loop. */
export function decodeXrefStream(stream: PDFRawStream, budget: DocumentBudget): Map<number, XrefEntry> {
  const dict = stream.dict;
  const widths = numbers(dict, 'W');
  const size = dict.get(PDFName.of('Size'));
  const index = dict.get(PDFName.of('Index')) ? numbers(dict, 'Index') : [0, size instanceof PDFNumber ? size.asNumber() : 0];
  if (widths.length !== 3) throw malformed('xref stream /W must have three widths');
  const [w0, w1, w2] = widths as [number, number, number];
  if (widths.some((w) => !Number.isInteger(w) || w < 0 || w > 8) || w0 + w1 + w2 === 0) throw malformed('xref stream /W is impossible');
  let declared = 0;
  for (let s = 1; s < index.length; s += 2) {
    const count = index[s]!;
    if (!Number.isSafeInteger(count) || count < 0 || !Number.isSafeInteger(index[s - 1]) || index[s - 1]! < 0) throw malformed('xref stream /Index is impossible');
    declared += count;
  }
  budget.spend('objects', declared);
  const data = streamData(stream, budget);
  const entries = new Map<number, XrefEntry>();
  let at = 0;
  const field = (width: number, fallback: number): number => {
    if (width === 0) return fallback;
    let value = 0;
    for (let i = 0; i < width; i++) value = value * 256 + (data[at++] ?? 0);
    return value;
  };
  for (let s = 0; s + 1 < index.length; s += 2) {
    const first = index[s]!;
    const count = index[s + 1]!;
    for (let i = 0; i < count; i++) {
      if (at + w0 + w1 + w2 > data.length) throw malformed('xref stream is shorter than its /Index says');
      const type = field(w0, 1);
      const second = field(w1, 0);
      const third = field(w2, 0);
      const number = first + i;
      if (type === 0) entries.set(number, { type: 'free' });
      else if (type === 1) entries.set(number, { type: 'offset', offset: second, generation: third });
      else if (type === 2) entries.set(number, { type: 'compressed', stream: second, index: third });
      // other types are reserved: a reader treats them as null objects, so leave them out
    }
  }
  return entries;
}

function numbers(dict: PDFDict, key: string): number[] {
  const value = dict.get(PDFName.of(key));
  if (!(value instanceof PDFArray)) throw malformed(`xref stream /${key} is missing`);
  return value.asArray().map((n) => {
    if (!(n instanceof PDFNumber)) throw malformed(`xref stream /${key} holds a non-number`);
    return n.asNumber();
  });
}
