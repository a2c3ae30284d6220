import type { Font } from '@pdf-lib/fontkit';
import type { CjkFace } from './cjk-fonts.js';

export interface OpenTypeSubset {
  /** An OpenType (CFF) font holding .notdef and the glyphs of `texts`, with a cmap for their code points. */
  bytes: Buffer;
  /** Code points → advance in font units, as the layout measured them. */
  advances: Map<number, number>;
  unitsPerEm: number;
}

interface TableEntry {
  offset: number;
  length: number;
}
type SubsetLike = { includeGlyph(glyph: number): number; encode(): Promise<Uint8Array> };

/** A table as the face has it: a collection's directory gives offsets from the file's start. */
function rawTable(face: CjkFace, tag: string): Buffer {
  const entry = (face.font as unknown as { directory: { tables: Record<string, TableEntry | undefined> } }).directory.tables[tag];
  if (!entry) throw new Error(`${face.postscriptName} has no ${tag} table`);
  return Buffer.from(face.bytes.subarray(entry.offset, entry.offset + entry.length));
}

function checksum(data: Buffer): number {
  const padded = Buffer.concat([data, Buffer.alloc((4 - (data.length % 4)) % 4)]);
  let sum = 0;
  for (let i = 0; i < padded.length; i += 4) sum = (sum + padded.readUInt32BE(i)) >>> 0;
  return sum;
}

/** cmap with a format 4 (BMP, Windows Unicode) and a format 12 (full repertoire) subtable: one segment or group per code point. */
function cmapTable(map: ReadonlyMap<number, number>): Buffer {
  const codes = [...map.keys()].sort((a, b) => a - b);
  const bmp = codes.filter((c) => c < 0xffff);
  const segments = [...bmp.map((c) => [c, (map.get(c)! - c) & 0xffff] as const), [0xffff, 1] as const];
  const segCount = segments.length;
  const searchRange = 2 * 2 ** Math.floor(Math.log2(segCount));
  const f4 = Buffer.alloc(16 + segCount * 8);
  f4.writeUInt16BE(4, 0);
  f4.writeUInt16BE(f4.length, 2);
  f4.writeUInt16BE(segCount * 2, 6);
  f4.writeUInt16BE(searchRange, 8);
  f4.writeUInt16BE(Math.log2(searchRange / 2), 10);
  f4.writeUInt16BE(segCount * 2 - searchRange, 12);
  segments.forEach(([code, delta], i) => {
    f4.writeUInt16BE(code, 14 + i * 2); // endCode
    f4.writeUInt16BE(code, 16 + segCount * 2 + i * 2); // startCode (after reservedPad)
    f4.writeUInt16BE(delta, 16 + segCount * 4 + i * 2); // idDelta; idRangeOffset stays 0
  });
  const f12 = Buffer.alloc(16 + codes.length * 12);
  f12.writeUInt16BE(12, 0);
  f12.writeUInt32BE(f12.length, 4);
  f12.writeUInt32BE(codes.length, 12);
  codes.forEach((c, i) => {
    f12.writeUInt32BE(c, 16 + i * 12);
    f12.writeUInt32BE(c, 20 + i * 12);
    f12.writeUInt32BE(map.get(c)!, 24 + i * 12);
  });
  const head = Buffer.alloc(4 + 2 * 8);
  head.writeUInt16BE(2, 2);
  head.writeUInt16BE(3, 4);
  head.writeUInt16BE(1, 6);
  head.writeUInt32BE(head.length, 8);
  head.writeUInt16BE(3, 12);
  head.writeUInt16BE(10, 14);
  head.writeUInt32BE(head.length + f4.length, 16);
  return Buffer.concat([head, f4, f12]);
}

function sfnt(tables: ReadonlyMap<string, Buffer>): Buffer {
  const tags = [...tables.keys()].sort();
  const n = tags.length;
  const searchRange = 16 * 2 ** Math.floor(Math.log2(n));
  const header = Buffer.alloc(12 + n * 16);
  header.write('OTTO', 0, 'latin1');
  header.writeUInt16BE(n, 4);
  header.writeUInt16BE(searchRange, 6);
  header.writeUInt16BE(Math.log2(searchRange / 16), 8);
  header.writeUInt16BE(n * 16 - searchRange, 10);
  const bodies: Buffer[] = [];
  let offset = header.length;
  let headOffset = 0;
  tags.forEach((tag, i) => {
    const data = tables.get(tag)!;
    header.write(tag.padEnd(4, ' '), 12 + i * 16, 'latin1');
    header.writeUInt32BE(checksum(data), 16 + i * 16);
    header.writeUInt32BE(offset, 20 + i * 16);
    header.writeUInt32BE(data.length, 24 + i * 16);
    if (tag === 'head') headOffset = offset;
    const padded = Buffer.concat([data, Buffer.alloc((4 - (data.length % 4)) % 4)]);
    bodies.push(padded);
    offset += padded.length;
  });
  const font = Buffer.concat([header, ...bodies]);
  font.writeUInt32BE((0xb1b0afba - checksum(font)) >>> 0, headOffset + 8);
  return font;
}

/**
 * The glyphs a certificate prints, as an OpenType font an OFD can carry (FontFile): the CFF
 * subset the PDF path embeds (fontkit with sealdesk's repairs, cjk-fonts.ts) wrapped in the sfnt
 * tables a reader needs to map text to it — cmap, hmtx and maxp made for the subset; head, hhea,
 * OS/2, name and post copied from the face (name keeps the OFL copyright and licence), post as
 * version 3 since a CID font's glyphs have no names.
 */
export async function openTypeSubset(face: CjkFace, texts: readonly string[]): Promise<OpenTypeSubset> {
  const font: Font = face.font;
  const subset = font.createSubset() as unknown as SubsetLike;
  const cmap = new Map<number, number>();
  const advances = new Map<number, number>();
  const widths = [font.getGlyph(0).advanceWidth];
  for (const text of texts) {
    for (const ch of text) {
      const code = ch.codePointAt(0)!;
      if (cmap.has(code)) continue;
      const glyph = font.glyphsForString(ch)[0]!;
      const id = subset.includeGlyph(glyph.id);
      cmap.set(code, id);
      advances.set(code, glyph.advanceWidth);
      widths[id] = glyph.advanceWidth;
    }
  }
  const cff = Buffer.from(await subset.encode());
  const hmtx = Buffer.alloc(widths.length * 4);
  widths.forEach((w, i) => hmtx.writeUInt16BE(w ?? 0, i * 4));
  const maxp = Buffer.alloc(6);
  maxp.writeUInt32BE(0x00005000, 0);
  maxp.writeUInt16BE(widths.length, 4);
  const head = rawTable(face, 'head');
  head.writeUInt32BE(0, 8);
  const hhea = rawTable(face, 'hhea');
  hhea.writeUInt16BE(widths.length, 34);
  const post = rawTable(face, 'post').subarray(0, 32);
  post.writeUInt32BE(0x00030000, 0);
  const tables = new Map([
    ['CFF ', cff],
    ['OS/2', rawTable(face, 'OS/2')],
    ['cmap', cmapTable(cmap)],
    ['head', head],
    ['hhea', hhea],
    ['hmtx', hmtx],
    ['maxp', maxp],
    ['name', rawTable(face, 'name')],
    ['post', post],
  ]);
  return { bytes: sfnt(tables), advances, unitsPerEm: font.unitsPerEm };
}
