import { PDFDict, PDFName, PDFObjectParser, PDFRawStream, PDFRef, type PDFContext } from '@cantoo/pdf-lib';
import { parseIndirectObject } from './indirect-object.js';
import { malformed } from './malformed.js';
import { objectStreamMembers } from './object-stream.js';
import type { RandomAccessFile } from './random-access-file.js';
import type { XrefEntry } from './xref-entry.js';
import type { XrefIndex } from './xref-chain.js';

/**
 * Rebuilds the cross-reference index from the objects themselves when the xref is missing or
 * wrong, the way every viewer does (qpdf, pdf.js, poppler each have their own). It is the one
 * place that reads the whole file, and only for damaged input. pdf-lib's PDFParser does scan
 * objects, but it builds every object of the file into memory and cannot tell us offsets.
 */
export async function repairScan(file: RandomAccessFile, context: PDFContext): Promise<XrefIndex> {
  const bytes = await file.read(0, file.size);
  const text = bytes.toString('latin1');
  if (!text.startsWith('%PDF-', Math.max(0, text.indexOf('%PDF-')))) throw malformed('no %PDF- header');
  const entries = new Map<number, XrefEntry>();
  const header = /(?<![0-9])(\d{1,10})[ \t\r\n\f\0]+(\d{1,5})[ \t\r\n\f\0]+obj\b/g;
  for (let m = header.exec(text); m; m = header.exec(text)) {
    // the last definition wins, as in an incremental update
    entries.set(Number(m[1]), { type: 'offset', offset: m.index, generation: Number(m[2]) });
  }
  if (entries.size === 0) throw malformed('no objects found');

  let trailer: PDFDict | undefined;
  for (const [number, entry] of [...entries]) {
    if (entry.type !== 'offset') continue;
    const window = bytes.subarray(entry.offset, entry.offset + 200).toString('latin1');
    if (!/\/Type\s*\/(ObjStm|XRef|Catalog)\b/.test(window) && !/\/Root\b/.test(window)) continue;
    let parsed;
    try {
      parsed = parseIndirectObject(bytes.subarray(entry.offset), context).object;
    } catch {
      continue;
    }
    const dict = parsed instanceof PDFRawStream ? parsed.dict : parsed instanceof PDFDict ? parsed : undefined;
    if (!dict) continue;
    const type = dict.get(PDFName.of('Type'));
    if (parsed instanceof PDFRawStream && type === PDFName.of('ObjStm')) {
      try {
        objectStreamMembers(parsed).forEach((member, index) => {
          if (!entries.has(member.number)) entries.set(member.number, { type: 'compressed', stream: number, index });
        });
      } catch {
        // a damaged object stream loses only its own objects
      }
    } else if (dict.has(PDFName.of('Root'))) {
      trailer = dict;
    } else if (type === PDFName.of('Catalog') && !trailer) {
      trailer = context.obj({});
      trailer.set(PDFName.of('Root'), PDFRef.of(number, entry.generation));
    }
  }
  const lastTrailer = text.lastIndexOf('trailer');
  if (lastTrailer >= 0) {
    try {
      const parsed = PDFObjectParser.forBytes(bytes.subarray(text.indexOf('<<', lastTrailer)), context).parseObject();
      if (parsed instanceof PDFDict && parsed.has(PDFName.of('Root'))) trailer = parsed;
    } catch {
      // keep what the objects gave
    }
  }
  if (!trailer) throw malformed('no catalog found');
  let size = 0;
  for (const n of entries.keys()) size = Math.max(size, n + 1);
  return { entries, trailer, sections: [], startxref: undefined, usesXrefStreams: false, size };
}
