import type { PDFDict } from '@cantoo/pdf-lib';
import { PDFName, PDFNumber, type PDFContext } from '@cantoo/pdf-lib';
import { tooComplex, type DocumentBudget } from '../documents/index.js';
import { malformed } from './malformed.js';
import type { RandomAccessFile } from './random-access-file.js';
import type { XrefEntry, XrefSection } from './xref-entry.js';
import { readXrefStream } from './xref-stream.js';
import { readXrefTable } from './xref-table.js';

/** Every object's newest location, the newest trailer, and the sections they came from. */
export interface XrefIndex {
  readonly entries: Map<number, XrefEntry>;
  /** The newest trailer, with /Root, /Info, /ID, /Encrypt filled from older ones when it lacks them. */
  readonly trailer: PDFDict;
  /** Newest first. Empty after a repair scan. */
  readonly sections: readonly XrefSection[];
  /** The offset the file's last `startxref` names; undefined after a repair scan. */
  readonly startxref: number | undefined;
  /** Whether the newest section is an xref stream: an update must then write one too. */
  readonly usesXrefStreams: boolean;
  /** One more than the highest object number in use. */
  readonly size: number;
}

const TAIL = 4096;

/** The last `startxref N` of the file (ISO 32000-2 §7.5.5: it sits in the last kilobyte, but be lenient). */
export async function readStartxref(file: RandomAccessFile): Promise<number> {
  const tail = (await file.read(Math.max(0, file.size - TAIL), TAIL)).toString('latin1');
  const at = tail.lastIndexOf('startxref');
  const match = at < 0 ? null : /^startxref\s+(\d+)/.exec(tail.slice(at));
  if (!match) throw malformed('no startxref at the end of the file');
  return Number(match[1]);
}

/**
 * Follows startxref → /Prev → … through tables, hybrid /XRefStm streams and xref streams. Each
 * section spends one of the budget's revisions (a chain that loops is PDF_MALFORMED at once).
 */
export async function readXrefChain(file: RandomAccessFile, context: PDFContext, budget: DocumentBudget): Promise<XrefIndex> {
  const startxref = await readStartxref(file);
  const entries = new Map<number, XrefEntry>();
  const sections: XrefSection[] = [];
  const seen = new Set<number>();
  let trailer: PDFDict | undefined;
  let size = 0;
  let offset: number | undefined = startxref;
  while (offset !== undefined) {
    if (seen.has(offset)) throw malformed('the /Prev chain loops');
    seen.add(offset);
    budget.spend('revisions');
    const section = await readSection(file, offset, context, budget);
    sections.push(section);
    // Hybrid files (§7.5.8.4): the table's /XRefStm stream adds objects the table leaves out,
    // and is read before /Prev. A table's own in-use entry wins over the stream.
    const hidden = section.trailer.get(PDFName.of('XRefStm'));
    if (section.kind === 'table' && hidden instanceof PDFNumber) {
      budget.spend('revisions');
      const stream = await readXrefStream(file, hidden.asNumber(), context, budget);
      for (const [n, e] of stream.entries) {
        const own = section.entries.get(n);
        if (own === undefined || own.type === 'free') section.entries.set(n, e);
      }
    }
    for (const [n, e] of section.entries) if (!entries.has(n)) entries.set(n, e);
    trailer = trailer ? fillFrom(trailer, section.trailer) : section.trailer;
    const sectionSize = section.trailer.get(PDFName.of('Size'));
    if (sectionSize instanceof PDFNumber) size = Math.max(size, sectionSize.asNumber());
    const prev = section.trailer.get(PDFName.of('Prev'));
    offset = prev instanceof PDFNumber ? prev.asNumber() : undefined;
  }
  if (!trailer) throw malformed('no trailer');
  for (const n of entries.keys()) size = Math.max(size, n + 1);
  // new objects are numbered from /Size: a huge one would make every update's xref huge
  if (size > budget.maximum('objects')) throw tooComplex('objects', budget.maximum('objects'), size);
  return { entries, trailer, sections, startxref, usesXrefStreams: sections[0]!.kind === 'stream', size };
}

async function readSection(file: RandomAccessFile, offset: number, context: PDFContext, budget: DocumentBudget): Promise<XrefSection> {
  const head = (await file.read(offset, 32)).toString('latin1');
  const lead = /^\s*/.exec(head)![0].length;
  if (head.startsWith('xref', lead)) return readXrefTable(file, offset + lead, context, budget);
  return readXrefStream(file, offset + lead, context, budget);
}

const INHERITED = ['Root', 'Info', 'ID', 'Encrypt'];

/** Linearized files and some updaters write trailers without /Root or /ID: take them from older sections. */
function fillFrom(newer: PDFDict, older: PDFDict): PDFDict {
  for (const key of INHERITED) {
    const name = PDFName.of(key);
    if (!newer.has(name) && older.has(name)) newer.set(name, older.get(name)!);
  }
  return newer;
}
