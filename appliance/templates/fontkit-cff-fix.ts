import type { EventEmitter } from 'node:events';
import { outlineCharstring, type OutlineCommand } from './outline-charstring.js';

/**
 * Repairs for subsetting a CID-keyed CFF face (Noto CJK) with @pdf-lib/fontkit 1.1.1 under
 * @cantoo/pdf-lib 2.11 — the fontkit installed here; fontkit 2 and @cantoo/fontkit carry the same
 * fixes upstream. Each was seen on NotoSerifCJKsc-Regular:
 *
 * 1. pdf-lib calls `subset.encode()` with no argument (the fontkit 2 API) when it exists; fontkit
 *    1's `encode(stream)` then dies on `stream.pos`. A no-argument call is served from
 *    `encodeStream()` (pdf-lib awaits what encode() returns).
 * 2. `subsetFontdict` gives every glyph the Font DICT added last (`FDArray.length - 1`) instead of
 *    its own, and records its local subroutines there: in a font with several Font DICTs glyphs
 *    get another DICT's private subroutines and their outlines break (mutool: "FT_Load_Glyph …
 *    broken file" from the 14th glyph on). Replaced by a version that maps each DICT it meets to
 *    its index in the subset.
 * 3. The CFF header's offSize byte is copied from a property a CFF 1 font does not have (0x1c
 *    came out); FreeType refuses the whole font ("unknown file format"). Offsets in a CFF are
 *    read from its INDEXes and DICTs, so any valid value (1–4) does; 4 is written.
 *
 * And one change of approach: fontkit keeps every subroutine slot (an unused one becomes a bare
 * `return`) because charstrings call them by number. Noto CJK's ideograph Font DICTs hold about
 * 25,000 local subroutines each, so a 150-glyph certificate carried 120 KB of CFF and spent most
 * of its render time encoding empty slots. Charstrings are rewritten from the outlines fontkit
 * already decodes (outline-charstring.ts), with no subroutines at all; hints are dropped, which
 * print and zoomed viewing do not need.
 */

interface Glyph {
  path: { commands: OutlineCommand[] };
  advanceWidth: number;
}
interface FontDict {
  FontName?: unknown;
  Private?: { Subrs?: unknown[] } & Record<string, unknown>;
}
interface TopDict {
  FDArray: FontDict[];
  FDSelect: { version: number; fds: number[] };
}
interface CffSubset {
  glyphs: number[];
  cff: { getCharString(gid: number): unknown; fdForGlyph(gid: number): number | null; privateDictForGlyph(gid: number): { nominalWidthX?: number }; topDict: TopDict };
  font: { getGlyph(gid: number): Glyph };
  charstrings: Buffer[];
  gsubrs: Buffer[];
  subsetCharstrings(): void;
  subsetFontdict(topDict: TopDict): void;
  encode(stream?: unknown): unknown;
  encodeStream(): EventEmitter;
}

function subsetCharstrings(this: CffSubset): void {
  // fontkit's streams accept only its bundled Buffer polyfill, whose class is reached through a buffer it made
  const FontkitBuffer = (this.cff.getCharString(0) as { constructor: { from(bytes: Uint8Array): Buffer } }).constructor;
  this.charstrings = this.glyphs.map((gid) => {
    const glyph = this.font.getGlyph(gid);
    return FontkitBuffer.from(outlineCharstring(glyph.path.commands, glyph.advanceWidth - (this.cff.privateDictForGlyph(gid).nominalWidthX ?? 0)));
  });
  this.gsubrs = [];
}

function subsetFontdict(this: CffSubset, topDict: TopDict): void {
  topDict.FDArray = [];
  topDict.FDSelect = { version: 0, fds: [] };
  const indexOf = new Map<number, number>();
  for (const gid of this.glyphs) {
    const fd = this.cff.fdForGlyph(gid) ?? 0;
    let index = indexOf.get(fd);
    if (index === undefined) {
      index = topDict.FDArray.length;
      indexOf.set(fd, index);
      const { FontName: _name, ...dict } = this.cff.topDict.FDArray[fd]!;
      // no local subroutines: the rewritten charstrings call none
      topDict.FDArray.push(dict.Private ? { ...dict, Private: { ...dict.Private, Subrs: undefined } } : dict);
    }
    topDict.FDSelect.fds.push(index);
  }
}

function encodeToBytes(subset: CffSubset): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    subset
      .encodeStream()
      .on('data', (bytes: Buffer) => parts.push(bytes))
      .on('end', () => {
        const cff = Buffer.concat(parts);
        if (cff[0] === 1 && !(cff[3]! >= 1 && cff[3]! <= 4)) cff[3] = 4;
        resolve(cff);
      })
      .on('error', reject);
  });
}

/** Applies the repairs to a subset fontkit 1 made for a CFF font; TrueType subsets are left alone. */
export function repairCffSubset<T>(subset: T): T {
  const s = subset as unknown as CffSubset & { cff?: unknown };
  if (!s.cff) return subset;
  const encode = s.encode.bind(s);
  s.subsetCharstrings = subsetCharstrings;
  s.subsetFontdict = subsetFontdict;
  s.encode = (stream?: unknown) => (stream === undefined ? encodeToBytes(s) : encode(stream));
  return subset;
}
