import { PDFDict, PDFObjectParser, type PDFContext } from '@cantoo/pdf-lib';
import { malformed } from './malformed.js';
import type { RandomAccessFile } from './random-access-file.js';
import type { XrefEntry, XrefSection } from './xref-entry.js';

/**
 * Reads a classic `xref … trailer <<…>>` section. Hand-written because pdf-lib has no
 * table reader of its own: its PDFParser scans every object of the file instead, which is
 * exactly the cost we avoid. Tokens, not fixed 20-byte lines, so producers that write
 * one-byte line ends are read as well.
 */
export async function readXrefTable(file: RandomAccessFile, offset: number, context: PDFContext): Promise<XrefSection> {
  for (let window = 64 * 1024; ; window *= 4) {
    const bytes = await file.read(offset, window);
    const whole = offset + bytes.length >= file.size;
    const section = parseXrefTable(bytes, offset, context);
    if (section) return section;
    if (whole) throw malformed(`cross-reference table at ${offset} is cut short`);
  }
}

/** Undefined when `bytes` ends before the trailer does (the caller reads more). */
export function parseXrefTable(bytes: Buffer, offset: number, context: PDFContext): XrefSection | undefined {
  const text = bytes.toString('latin1');
  const token = /\S+/g;
  const next = (): string | undefined => token.exec(text)?.[0];
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
    if (!Number.isInteger(first) || !Number.isInteger(count)) throw malformed(`bad cross-reference subsection at ${offset}`);
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
    trailer = PDFObjectParser.forBytes(bytes.subarray(dictStart), context).parseObject();
  } catch {
    return undefined;
  }
  if (!(trailer instanceof PDFDict)) throw malformed(`the trailer at ${offset} is not a dictionary`);
  return { kind: 'table', offset, entries, trailer };
}
