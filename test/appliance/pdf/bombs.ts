/**
 * Hand-made hostile PDFs, written byte by byte: each is small on disk and would cost the
 * appliance minutes or its heap if read without a budget (issue 19). Every builder returns the
 * file's bytes; the xref offsets are computed, so the files are well-formed apart from the attack.
 */
import { deflateSync } from 'node:zlib';

/** Bytes of zeros a bomb inflates to: past the default 64 MiB per stream and per document floor. */
const BOMB_SIZE = 80 * 1024 * 1024;
let bomb: Buffer | undefined;

/** ~80 KB of deflate that inflates to 80 MiB (made once per test file). */
export function flateBomb(): Buffer {
  bomb ??= deflateSync(Buffer.alloc(BOMB_SIZE), { level: 9 });
  return bomb;
}

type Body = string | Buffer;

/** A stream object's body: the dictionary (without /Length) and its data. */
export function stream(dict: string, data: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`<< ${dict} /Length ${data.length} >>\nstream\n`, 'latin1'), data, Buffer.from('\nendstream', 'latin1')]);
}

/** Objects 1…n (bodies[i] is object i + 1) and the offset each starts at, after a %PDF header. */
function objects(bodies: readonly Body[]): { parts: Buffer[]; offsets: number[]; end: number } {
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let at = parts[0]!.length;
  const offsets: number[] = [];
  bodies.forEach((body, i) => {
    const bytes = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`, 'latin1'), Buffer.isBuffer(body) ? body : Buffer.from(body, 'latin1'), Buffer.from('\nendobj\n', 'latin1')]);
    offsets.push(at);
    parts.push(bytes);
    at += bytes.length;
  });
  return { parts, offsets, end: at };
}

function table(offsets: readonly number[]): string {
  return `xref\n0 ${offsets.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
}

/** A classic PDF: objects, one xref table, a trailer with /Root 1 0 R (and `trailerExtra`). */
export function classicPdf(bodies: readonly Body[], trailerExtra = ''): Buffer {
  const { parts, offsets, end } = objects(bodies);
  const tail = `${table(offsets)}trailer\n<< /Size ${offsets.length + 1} /Root 1 0 R ${trailerExtra}>>\nstartxref\n${end}\n%%EOF\n`;
  return Buffer.concat([...parts, Buffer.from(tail, 'latin1')]);
}

/** Catalog, page tree, one page each of `pages` with an empty content stream: objects 1…3+2n. */
export function pagesBodies(pages: number, count: number | string = pages, extraCatalog = ''): string[] {
  const kids = Array.from({ length: pages }, (_, i) => `${4 + 2 * i} 0 R`).join(' ');
  const bodies = [`<< /Type /Catalog /Pages 2 0 R ${extraCatalog}>>`, `<< /Type /Pages /Kids [${kids}] /Count ${count} /MediaBox [0 0 595 842] >>`, `<< >>`];
  for (let i = 0; i < pages; i++) bodies.push(`<< /Type /Page /Parent 2 0 R /Contents ${5 + 2 * i} 0 R >>`, '<< /Length 0 >>\nstream\n\nendstream');
  return bodies;
}

/** Two real pages whose tree says /Count 2147483647. */
export function lyingCount(): Buffer {
  return classicPdf(pagesBodies(2, 2147483647));
}

/** One page object listed `kids` times in the root's /Kids (the 12 KB file that took 18.9 s). */
export function sharedKids(kids = 4000): Buffer {
  const list = Array.from({ length: kids }, () => '3 0 R').join(' ');
  return classicPdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${list}] /Count ${kids} /MediaBox [0 0 595 842] >>`,
    '<< /Type /Page /Parent 2 0 R >>',
  ]);
}

/** A page tree whose kid is its own ancestor. */
export function pageTreeLoop(): Buffer {
  return classicPdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 595 842] >>',
    '<< /Type /Pages /Parent 2 0 R /Kids [2 0 R] /Count 1 >>',
  ]);
}

/** A page whose content stream is a flate bomb: never decoded by a stamp or a verification. */
export function contentStreamBomb(): Buffer {
  const bodies: Body[] = pagesBodies(1);
  bodies[4] = stream('/Filter /FlateDecode', flateBomb());
  return classicPdf(bodies);
}

/** The catalog holds an array (`[`) or dictionary (`<<`) nested `depth` deep. */
export function deepNesting(kind: 'array' | 'dict', depth = 100_000): Buffer {
  const deep = kind === 'array' ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'<< /A '.repeat(depth)}1${' >>'.repeat(depth)}`;
  return classicPdf(pagesBodies(1, 1, `/Deep ${deep} `));
}

/**
 * An xref stream as the only cross-reference section: `data` is its (already encoded) content,
 * `dict` its /Filter and friends. With `xrefData` undefined the stream lists the objects itself,
 * uncompressed, with `compressed` entries for objects inside object stream `objStm`.
 */
export function xrefStreamPdf(bodies: readonly Body[], xref: { dict?: string; data?: Buffer; compressed?: { stream: number; count: number } } = {}): Buffer {
  const { parts, offsets, end } = objects(bodies);
  const n = bodies.length + 1; // the xref stream's own number
  const rows: Buffer[] = [Buffer.from([0, 0, 0, 0, 0, 0xff, 0xff])];
  for (const o of offsets) rows.push(Buffer.from([1, (o >>> 24) & 0xff, (o >>> 16) & 0xff, (o >>> 8) & 0xff, o & 0xff, 0, 0]));
  rows.push(Buffer.from([1, (end >>> 24) & 0xff, (end >>> 16) & 0xff, (end >>> 8) & 0xff, end & 0xff, 0, 0]));
  const compressed = xref.compressed;
  for (let i = 0; i < (compressed?.count ?? 0); i++) rows.push(Buffer.from([2, 0, 0, 0, compressed!.stream, 0, i]));
  const size = n + 1 + (compressed?.count ?? 0);
  const data = xref.data ?? Buffer.concat(rows);
  const body = stream(`/Type /XRef /W [1 4 2] /Size ${size} /Root ${compressed ? n + 1 : 1} 0 R ${xref.dict ?? ''}`, data);
  const object = Buffer.concat([Buffer.from(`${n} 0 obj\n`, 'latin1'), body, Buffer.from('\nendobj\n', 'latin1')]);
  return Buffer.concat([...parts, object, Buffer.from(`startxref\n${end}\n%%EOF\n`, 'latin1')]);
}

/** The cross-reference stream itself is the bomb (the 2 MB file that held /api/verify for 110 s). */
export function xrefStreamBomb(): Buffer {
  return xrefStreamPdf(pagesBodies(1), { dict: '/Filter /FlateDecode', data: flateBomb() });
}

/** The catalog lives in an object stream that is a bomb. */
export function objectStreamBomb(): Buffer {
  // objects: 1 the object stream; the catalog is number 3 (after the xref stream, 2), inside it
  return xrefStreamPdf([stream('/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode', flateBomb())], { compressed: { stream: 1, count: 1 } });
}

/** `fields` signature fields, each its own dictionary, all with the same /V whose /Contents is `contentsBytes` long. */
export function sharedSignatureValue(fields: number, contentsBytes = 64 * 1024): Buffer {
  const first = 6; // objects 1…5: catalog, pages, page, content, the shared /V
  const refs = Array.from({ length: fields }, (_, i) => `${first + i} 0 R`).join(' ');
  const bodies: Body[] = [
    `<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [${refs}] /SigFlags 3 >> >>`,
    '<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 595 842] >>',
    '<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>',
    '<< /Length 0 >>\nstream\n\nendstream',
    `<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /ByteRange [0 10 20 30] /Contents <30${'00'.repeat(contentsBytes - 1)}> >>`,
  ];
  for (let i = 0; i < fields; i++) bodies.push(`<< /FT /Sig /T (s${i}) /V 5 0 R /Rect [0 0 0 0] /Subtype /Widget /P 3 0 R >>`);
  return classicPdf(bodies);
}

/** Two xref tables whose /Prev point at each other (the objects themselves are intact). */
export function prevLoop(): Buffer {
  const { parts, offsets, end } = objects(pagesBodies(1));
  const first = table(offsets);
  const second = end + first.length + 200; // where the second table will start
  const a = `${first}trailer\n<< /Size ${offsets.length + 1} /Root 1 0 R /Prev ${second} >>\n`.padEnd(first.length + 200, ' ');
  const b = `xref\n0 1\n0000000000 65535 f \ntrailer\n<< /Size ${offsets.length + 1} /Root 1 0 R /Prev ${end} >>\nstartxref\n${second}\n%%EOF\n`;
  return Buffer.concat([...parts, Buffer.from(a, 'latin1'), Buffer.from(b, 'latin1')]);
}

/** `sections` incremental updates of nothing, each a table whose /Prev is the one before. */
export function longPrevChain(sections: number): Buffer {
  const { parts, offsets, end } = objects(pagesBodies(1));
  const chunks = [...parts];
  let prev = end;
  let at = end;
  const base = `${table(offsets)}trailer\n<< /Size ${offsets.length + 1} /Root 1 0 R >>\n`;
  chunks.push(Buffer.from(base, 'latin1'));
  at += base.length;
  for (let i = 0; i < sections; i++) {
    const section = `xref\n0 1\n0000000000 65535 f \ntrailer\n<< /Size ${offsets.length + 1} /Root 1 0 R /Prev ${prev} >>\n`;
    chunks.push(Buffer.from(section, 'latin1'));
    prev = at;
    at += section.length;
  }
  chunks.push(Buffer.from(`startxref\n${prev}\n%%EOF\n`, 'latin1'));
  return Buffer.concat(chunks);
}
