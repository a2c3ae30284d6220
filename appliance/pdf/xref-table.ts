import { PDFDict, type PDFContext } from '@cantoo/pdf-lib';
import type { DocumentBudget } from '../documents/index.js';
import { objectParser } from './object-parser.js';
import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';
import { malformed } from './malformed.js';
import type { RandomAccessFile } from './random-access-file.js';
import type { XrefEntry, XrefSection } from './xref-entry.js';

/**
 * Reads a classic `xref … trailer <<…>>` section. Hand-written because pdf-lib has no
 * table reader of its own: its PDFParser scans every object of the file instead, which is
 * exactly the cost we avoid. Tokens, not fixed 20-byte lines, so producers that write
 * one-byte line ends are read as well.
 */
export async function readXrefTable(file: RandomAccessFile, offset: number, context: PDFContext, budget: DocumentBudget): Promise<XrefSection> {
  for (let window = 64 * 1024; ; window *= 4) {
    const bytes = await file.read(offset, window);
    const whole = offset + bytes.length >= file.size;
    const section = parseXrefTable(bytes, offset, context, budget);
    if (section) {
      budget.spend('objects', section.entries.size);
      return section;
    }
    if (whole) throw malformed(`cross-reference table at ${offset} is cut short`);
  }
}

/**
 * Undefined when `bytes` ends before the trailer does (the caller reads more). Each subsection's
 * count is checked against the objects left in the budget before its entries are read.
 */
export function parseXrefTable(bytes: Buffer, offset: number, context: PDFContext, budget: DocumentBudget): XrefSection | undefined {
  const text = bytes.toString('latin1');
  const token = /\S+/g;
  let ended = false;
  // A global regex that finds nothing starts again from 0: without `ended`, a window cut just
  // after an entry's offset read the table's own `xref` as that entry's kind (the main table of
  // a large linearized file, longer than the first window, was refused as damaged).
  const next = (): string | undefined => {
    if (ended) return undefined;
    const word = token.exec(text)?.[0];
    if (word === undefined) ended = true;
    return word;
  };
  if (next() !== 'xref') throw malformed(`no cross-reference table at ${offset}`);
  const entries = new Map<number, XrefEntry>();
  let trailerAt = -1;
  for (;;) {
    const word = next();
    if (word === undefined) return undefined;
    if (word.startsWith('trailer')) {
      trailerAt = token.lastIndex - word.length;
      break;
    }
    const first = Number(word);
    const count = Number(next());
    if (!Number.isInteger(first) || !Number.isInteger(count)) {
      if (ended) return undefined;
      throw malformed(`bad cross-reference subsection at ${offset}`);
    }
    if (first < 0 || count < 0) throw malformed(`bad cross-reference subsection at ${offset}`);
    budget.allow('objects', entries.size + count);
    for (let i = 0; i < count; i++) {
      const field = next();
      const generation = Number(next());
      const kind = next();
      if (kind === undefined) return undefined;
      if (kind !== 'n' && kind !== 'f') throw malformed(`bad cross-reference entry at ${offset}`);
      const number = first + i;
      if (number === 0 && kind === 'n') continue;
      entries.set(number, kind === 'f' ? { type: 'free' } : { type: 'offset', offset: Number(field), generation });
    }
  }
  const dictStart = text.indexOf('<<', trailerAt);
  if (dictStart < 0) return undefined;
  let trailer;
  try {
    trailer = objectParser(bytes.subarray(dictStart), context, budget.limits.nestingDepth).parseObject();
  } catch (error) {
    if (error instanceof SealdeskError && error.code === 'DOCUMENT_TOO_COMPLEX') throw error;
    return undefined;
  }
  if (!(trailer instanceof PDFDict)) throw malformed(`the trailer at ${offset} is not a dictionary`);
  return { kind: 'table', offset, entries, trailer };
}
