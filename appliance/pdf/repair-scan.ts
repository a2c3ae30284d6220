import { PDFDict, PDFName, PDFRawStream, PDFRef, type PDFContext } from '@cantoo/pdf-lib';
import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';
import type { DocumentBudget } from '../documents/index.js';
import { parseIndirectObject } from './indirect-object.js';
import { malformed } from './malformed.js';
import { objectParser } from './object-parser.js';
import { objectStreamMembers } from './object-stream.js';
import type { RandomAccessFile } from './random-access-file.js';
import type { XrefEntry } from './xref-entry.js';
import type { XrefIndex } from './xref-chain.js';

/** How far into an object its /Type is looked for: a catalog may list many keys before it. */
const TYPE_WINDOW = 1024;

/**
 * Rebuilds the cross-reference index from the objects themselves when the xref is missing or
 * wrong, the way every viewer does (qpdf, pdf.js, poppler each have their own). It is the one
 * place that reads the whole file, and only for damaged input. pdf-lib's PDFParser does scan
 * objects, but it builds every object of the file into memory and cannot tell us offsets.
 * Objects found and object streams decoded are spent from the document's budget: a damaged
 * file full of object-stream bombs stops at the budget like an intact one.
 */
export async function repairScan(file: RandomAccessFile, context: PDFContext, budget: DocumentBudget): Promise<XrefIndex> {
  const bytes = await file.read(0, file.size);
  const text = bytes.toString('latin1');
  if (!text.startsWith('%PDF-', Math.max(0, text.indexOf('%PDF-')))) throw malformed('no %PDF- header');
  const entries = new Map<number, XrefEntry>();
  const header = /(?<![0-9])(\d{1,10})[ \t\r\n\f\0]+(\d{1,5})[ \t\r\n\f\0]+obj\b/g;
  for (let m = header.exec(text); m; m = header.exec(text)) {
    // the last definition wins, as in an incremental update
    if (!entries.has(Number(m[1]))) budget.spend('objects');
    entries.set(Number(m[1]), { type: 'offset', offset: m.index, generation: Number(m[2]) });
  }
  if (entries.size === 0) throw malformed('no objects found');

  let trailer: PDFDict | undefined;
  let trailerAt = -1;
  let catalog: PDFRef | undefined;
  for (const [number, entry] of [...entries]) {
    if (entry.type !== 'offset') continue;
    const window = bytes.subarray(entry.offset, entry.offset + TYPE_WINDOW).toString('latin1');
    if (!/\/Type\s*\/(ObjStm|XRef|Catalog)\b/.test(window) && !/\/Root\b/.test(window)) continue;
    let parsed;
    try {
      parsed = parseIndirectObject(bytes.subarray(entry.offset), context, budget.limits.nestingDepth).object;
    } catch (error) {
      if (error instanceof SealdeskError && error.code === 'DOCUMENT_TOO_COMPLEX') throw error;
      continue;
    }
    const dict = parsed instanceof PDFRawStream ? parsed.dict : parsed instanceof PDFDict ? parsed : undefined;
    if (!dict) continue;
    const type = dict.get(PDFName.of('Type'));
    if (parsed instanceof PDFRawStream && type === PDFName.of('ObjStm')) {
      budget.spend('objectStreams');
      try {
        objectStreamMembers(parsed, budget).forEach((member, index) => {
          if (entries.has(member.number)) return;
          budget.spend('objects');
          entries.set(member.number, { type: 'compressed', stream: number, index });
        });
      } catch (error) {
        // a damaged object stream loses only its own objects; a bomb stops the scan
        if (error instanceof SealdeskError && error.code === 'DOCUMENT_TOO_COMPLEX') throw error;
      }
    } else if (dict.has(PDFName.of('Root')) && entry.offset > trailerAt) {
      trailer = dict;
      trailerAt = entry.offset;
    } else if (type === PDFName.of('Catalog')) {
      catalog ??= PDFRef.of(number, entry.generation);
    }
  }
  // The newest trailer that names a catalog: in a linearized file the last one (the main
  // section's) has only /Size and /ID, and /Root is in the first-page trailer near the start.
  // At most one try per revision the budget allows: the word alone costs an attacker 7 bytes.
  let tries = budget.maximum('revisions');
  for (let at = text.lastIndexOf('trailer'); at > trailerAt && tries-- > 0; at = at > 0 ? text.lastIndexOf('trailer', at - 1) : -1) {
    try {
      const parsed = objectParser(bytes.subarray(text.indexOf('<<', at)), context, budget.limits.nestingDepth).parseObject();
      if (parsed instanceof PDFDict && parsed.has(PDFName.of('Root'))) {
        trailer = parsed;
        break;
      }
    } catch (error) {
      if (error instanceof SealdeskError && error.code === 'DOCUMENT_TOO_COMPLEX') throw error;
      // keep looking
    }
  }
  if (!trailer && catalog) {
    trailer = context.obj({});
    trailer.set(PDFName.of('Root'), catalog);
  }
  if (!trailer) throw malformed('no catalog found');
  let size = 0;
  for (const n of entries.keys()) size = Math.max(size, n + 1);
  return { entries, trailer, sections: [], startxref: undefined, usesXrefStreams: false, size };
}
