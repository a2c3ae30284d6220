import { deflateSync } from 'node:zlib';

/**
 * Just enough PDF to take the project's test documents apart into their objects and write them
 * again in another layout (classic table, or object streams with an xref stream), each offset
 * worked out after a mutation, so the mutation is the only damage in the file.
 */
export interface PdfObject {
  num: number;
  gen: number;
  /** What stands between `obj` and `endobj`: a value, or a dictionary followed by its stream. */
  body: Buffer;
}

export interface ParsedPdf {
  objects: PdfObject[];
  /** `N G R` of the catalog, and of the document information dictionary when there is one. */
  root: string;
  info?: string;
}

const latin1 = (b: Buffer): string => b.toString('latin1');
const bytes = (s: string): Buffer => Buffer.from(s, 'latin1');

/** The objects of a well-formed file with top-level objects (pdf-lib's and qpdf's classic output). */
export function parsePdf(file: Buffer): ParsedPdf {
  const text = latin1(file);
  const objects = new Map<number, PdfObject>();
  const header = /(\d+) (\d+) obj\b/g;
  let match: RegExpExecArray | null;
  while ((match = header.exec(text))) {
    const start = match.index + match[0].length;
    const streamAt = text.indexOf('stream', start);
    const endAt = text.indexOf('endobj', start);
    let end = endAt;
    if (streamAt !== -1 && streamAt < endAt && text.slice(streamAt - 3, streamAt) !== 'end') {
      const length = /\/Length (\d+)(?! \d+ R)/.exec(text.slice(start, streamAt));
      if (length) {
        const dataStart = streamAt + 6 + (text[streamAt + 6] === '\r' ? 2 : 1);
        end = text.indexOf('endobj', dataStart + Number(length[1]));
      }
    }
    objects.set(Number(match[1]), { num: Number(match[1]), gen: Number(match[2]), body: file.subarray(start, end) });
    header.lastIndex = end;
  }
  const root = /\/Root (\d+ \d+ R)/.exec(text.slice(text.lastIndexOf('trailer')))?.[1] ?? /\/Root (\d+ \d+ R)/.exec(text)?.[1];
  if (!root) throw new Error('no /Root');
  const info = /\/Info (\d+ \d+ R)/.exec(text.slice(text.lastIndexOf('trailer')))?.[1];
  return { objects: [...objects.values()].sort((a, b) => a.num - b.num), root, ...(info ? { info } : {}) };
}

function trimmed(body: Buffer): Buffer {
  let a = 0;
  let b = body.length;
  while (a < b && /\s/.test(String.fromCharCode(body[a]!))) a++;
  while (b > a && /\s/.test(String.fromCharCode(body[b - 1]!))) b--;
  return body.subarray(a, b);
}

export function isStream(o: PdfObject): boolean {
  return /\bstream\s*$/m.test(latin1(o.body.subarray(0, Math.min(o.body.length, 4096)))) || latin1(trimmed(o.body)).endsWith('endstream');
}

/** A stream object's body: `dict` with /Length set to the data's length, then the data. */
export function streamBody(dict: string, data: Buffer): Buffer {
  const withLength = dict.replace(/\/Length \d+(?: \d+ R)?/, '').replace(/>>\s*$/, ` /Length ${data.length} >>`);
  return Buffer.concat([bytes(`${withLength}\nstream\n`), data, bytes('\nendstream')]);
}

export interface ClassicOptions {
  /** Rewrites the table's lines (`0 11`, `0000000016 00000 n `, …) before they are written. */
  table?: (lines: string[]) => string[];
  /** Rewrites the trailer dictionary's text. */
  trailer?: (dict: string) => string;
  /** Rewrites the startxref number. */
  startxref?: (at: number) => string;
}

/** A classic file: header, objects, one xref table, trailer. */
export function writeClassic(pdf: ParsedPdf, options: ClassicOptions = {}): Buffer {
  const parts: Buffer[] = [bytes('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n')];
  let at = parts[0]!.length;
  const offsets = new Map<number, { at: number; gen: number }>();
  for (const o of pdf.objects) {
    const chunk = Buffer.concat([bytes(`${o.num} ${o.gen} obj\n`), trimmed(o.body), bytes('\nendobj\n')]);
    offsets.set(o.num, { at, gen: o.gen });
    parts.push(chunk);
    at += chunk.length;
  }
  const size = Math.max(0, ...pdf.objects.map((o) => o.num)) + 1;
  let lines = [`0 ${size}`, '0000000000 65535 f '];
  for (let n = 1; n < size; n++) {
    const entry = offsets.get(n);
    lines.push(entry ? `${String(entry.at).padStart(10, '0')} ${String(entry.gen).padStart(5, '0')} n ` : '0000000000 65535 f ');
  }
  if (options.table) lines = options.table(lines);
  let trailer = `<< /Size ${size} /Root ${pdf.root}${pdf.info ? ` /Info ${pdf.info}` : ''} >>`;
  if (options.trailer) trailer = options.trailer(trailer);
  const start = options.startxref ? options.startxref(at) : String(at);
  parts.push(bytes(`xref\n${lines.join('\n')}\ntrailer\n${trailer}\nstartxref\n${start}\n%%EOF\n`));
  return Buffer.concat(parts);
}

export interface CompressedOptions {
  /** How many objects go in one object stream (several streams when fewer than all). */
  perStream?: number;
  /** Rewrites an object stream's header (`num offset` pairs) before it is compressed. */
  objStmHeader?: (header: string, index: number) => string;
  /** Rewrites an object stream's dictionary text (with /N, /First). */
  objStmDict?: (dict: string, index: number) => string;
  /** Compresses (or not) an object stream's decoded data; default flate. */
  objStmData?: (data: Buffer, index: number) => Buffer;
  /** Rewrites the xref stream's rows ([type, field2, field3]) before they are packed. */
  xrefRows?: (rows: number[][]) => number[][];
  /** The field widths /W; default [1 4 2]. Rows are packed with them (wrapping), the dictionary says what xrefDict makes it say. */
  widths?: [number, number, number];
  xrefDict?: (dict: string, xrefAt: number) => string;
  /** Compresses (or not) the packed rows; default flate. */
  xrefData?: (packed: Buffer) => Buffer;
  startxref?: (at: number) => string;
}

/** Object streams for every value object, an xref stream for the table (qpdf's --object-streams=generate shape). */
export function writeCompressed(pdf: ParsedPdf, options: CompressedOptions = {}): Buffer {
  const parts: Buffer[] = [bytes('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n')];
  let at = parts[0]!.length;
  const rows = new Map<number, number[]>();
  const put = (num: number, body: Buffer): void => {
    const chunk = Buffer.concat([bytes(`${num} 0 obj\n`), body, bytes('\nendobj\n')]);
    rows.set(num, [1, at, 0]);
    parts.push(chunk);
    at += chunk.length;
  };
  const values = pdf.objects.filter((o) => o.gen === 0 && !isStream(o));
  const streams = pdf.objects.filter((o) => !values.includes(o));
  let next = Math.max(0, ...pdf.objects.map((o) => o.num)) + 1;
  for (const o of streams) put(o.num, trimmed(o.body));
  const per = options.perStream ?? values.length;
  for (let s = 0, index = 0; s < values.length; s += per, index++) {
    const group = values.slice(s, s + per);
    const num = next++;
    const texts: Buffer[] = [];
    const pairs: string[] = [];
    let offset = 0;
    group.forEach((o, i) => {
      const body = Buffer.concat([trimmed(o.body), bytes('\n')]);
      pairs.push(`${o.num} ${offset}`);
      texts.push(body);
      offset += body.length;
      rows.set(o.num, [2, num, i]);
    });
    let header = pairs.join(' ');
    if (options.objStmHeader) header = options.objStmHeader(header, index);
    header += '\n';
    const data = Buffer.concat([bytes(header), ...texts]);
    let dict = `<< /Type /ObjStm /N ${group.length} /First ${header.length} /Filter /FlateDecode >>`;
    if (options.objStmDict) dict = options.objStmDict(dict, index);
    put(num, streamBody(dict, options.objStmData ? options.objStmData(data, index) : deflateSync(data)));
  }
  const xrefNum = next++;
  rows.set(xrefNum, [1, at, 0]);
  const size = next;
  let table: number[][] = [[0, 0, 65535]];
  for (let n = 1; n < size; n++) table.push(rows.get(n) ?? [0, 0, 0]);
  if (options.xrefRows) table = options.xrefRows(table);
  const w = options.widths ?? [1, 4, 2];
  const packed = Buffer.concat(table.map((row) => Buffer.concat(row.map((v, i) => uintBytes(v, w[i] ?? 0)))));
  let dict = `<< /Type /XRef /Size ${size} /W [${w.join(' ')}] /Root ${pdf.root}${pdf.info ? ` /Info ${pdf.info}` : ''} /Filter /FlateDecode >>`;
  if (options.xrefDict) dict = options.xrefDict(dict, at);
  const xrefAt = at;
  parts.push(Buffer.concat([bytes(`${xrefNum} 0 obj\n`), streamBody(dict, options.xrefData ? options.xrefData(packed) : deflateSync(packed)), bytes('\nendobj\n')]));
  parts.push(bytes(`startxref\n${options.startxref ? options.startxref(xrefAt) : xrefAt}\n%%EOF\n`));
  return Buffer.concat(parts);
}

function uintBytes(value: number, width: number): Buffer {
  const out = Buffer.alloc(width);
  let v = BigInt(Math.max(0, Math.floor(value)));
  for (let i = width - 1; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

export interface UpdateOptions {
  /** Extra trailer entries, e.g. `/Prev 0` for a lie. */
  trailer?: (dict: string, xrefAt: number) => string;
  startxref?: (at: number) => string;
}

/** The trailer facts of a file: where its last xref section starts, its /Size and /Root. */
export function tail(file: Buffer): { startxref: number; size: number; root: string } {
  const text = latin1(file.subarray(Math.max(0, file.length - 4096)));
  const startxref = Number(/startxref\s+(\d+)\s*%%EOF\s*$/.exec(text)?.[1] ?? NaN);
  const whole = latin1(file);
  const sizes = [...whole.matchAll(/\/Size (\d+)/g)];
  const roots = [...whole.matchAll(/\/Root (\d+ \d+ R)/g)];
  return { startxref, size: Number(sizes.at(-1)?.[1] ?? 0), root: roots.at(-1)?.[1] ?? '1 0 R' };
}

/** An incremental update: `objects` appended with their own xref section whose /Prev is the file's. */
export function appendUpdate(file: Buffer, objects: PdfObject[], options: UpdateOptions = {}): Buffer {
  const facts = tail(file);
  const parts: Buffer[] = [file, bytes('\n')];
  let at = file.length + 1;
  const lines: string[] = [];
  for (const o of [...objects].sort((a, b) => a.num - b.num)) {
    const chunk = Buffer.concat([bytes(`${o.num} ${o.gen} obj\n`), trimmed(o.body), bytes('\nendobj\n')]);
    lines.push(`${o.num} 1`, `${String(at).padStart(10, '0')} ${String(o.gen).padStart(5, '0')} n `);
    parts.push(chunk);
    at += chunk.length;
  }
  const size = Math.max(facts.size, ...objects.map((o) => o.num + 1));
  let trailer = `<< /Size ${size} /Root ${facts.root} /Prev ${facts.startxref} >>`;
  if (options.trailer) trailer = options.trailer(trailer, at);
  parts.push(bytes(`xref\n${lines.join('\n')}\ntrailer\n${trailer}\nstartxref\n${options.startxref ? options.startxref(at) : at}\n%%EOF\n`));
  return Buffer.concat(parts);
}

export const text = latin1;
export const latin = bytes;
