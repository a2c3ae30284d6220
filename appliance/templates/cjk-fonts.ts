import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import type { Font } from '@pdf-lib/fontkit';
import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';
import { NOTO_DIR } from '../seals/image/fonts.js';
import { repairCffSubset } from './fontkit-cff-fix.js';
import type { FontName } from './template-schema.js';

/**
 * The faces a certificate may use, picked out of Debian's fonts-noto-cjk collections by
 * PostScript name (the sc faces: simplified Chinese glyph forms). Named explicitly, never looked
 * up in the system font list, so every terminal prints the same certificate.
 */
export const CERTIFICATE_FACES: Readonly<Record<FontName, { file: string; postscriptName: string }>> = {
  serif: { file: 'NotoSerifCJK-Regular.ttc', postscriptName: 'NotoSerifCJKsc-Regular' },
  'serif-bold': { file: 'NotoSerifCJK-Bold.ttc', postscriptName: 'NotoSerifCJKsc-Bold' },
  sans: { file: 'NotoSansCJK-Regular.ttc', postscriptName: 'NotoSansCJKsc-Regular' },
  'sans-bold': { file: 'NotoSansCJK-Bold.ttc', postscriptName: 'NotoSansCJKsc-Bold' },
};

export interface CjkFace {
  name: FontName;
  postscriptName: string;
  /** The whole collection file: pdf-lib hands it back to `create` below, which answers from the cache. */
  bytes: Buffer;
  font: Font;
}

/**
 * Faces are kept once loaded: opening a 26 MB collection costs about 300 ms (measured), which a
 * kiosk must not pay per certificate. The cache holds the file bytes (fontkit reads glyphs from
 * them lazily); a terminal uses two or three faces.
 */
const faces = new Map<string, Promise<CjkFace>>();
const byBytes = new WeakMap<Uint8Array, Map<string, Font>>();

/**
 * Glyphs straight from the face's cmap, without OpenType shaping. Horizontal Chinese needs none:
 * each sc face of the collection maps code points to its simplified-Chinese forms itself. fontkit
 * 1's shaper ran Noto CJK's GSUB chaining lookups for about 11 ms per line (measured: 200 lines
 * 2.2 s), most of a certificate's render time. pdf-lib reads only `glyphs` of a run; measuring
 * (certificate-fonts.ts) uses the same advances, so wrapped lines fit what is drawn.
 */
function cmapOnlyRun(font: Font, text: string): ReturnType<Font['layout']> {
  const glyphs = font.glyphsForString(text);
  const positions = glyphs.map((g) => ({ xAdvance: g.advanceWidth, yAdvance: 0, xOffset: 0, yOffset: 0 }));
  return { glyphs, positions, advanceWidth: positions.reduce((sum, p) => sum + p.xAdvance, 0) } as unknown as ReturnType<Font['layout']>;
}

async function openFace(name: FontName, dir: string): Promise<CjkFace> {
  const { file, postscriptName } = CERTIFICATE_FACES[name];
  const path = join(dir, file);
  if (!existsSync(path)) throw new SealdeskError('FONT_MISSING', { path });
  const bytes = await readFile(path);
  const font = fontkit.create(bytes, postscriptName) as Font | null;
  if (!font?.postscriptName) throw new SealdeskError('FONT_MISSING', { path: `${path} (${postscriptName})` });
  const createSubset = font.createSubset.bind(font);
  font.createSubset = () => repairCffSubset(createSubset());
  font.layout = (text) => cmapOnlyRun(font, text);
  byBytes.set(bytes, new Map([[postscriptName, font]]));
  return { name, postscriptName, bytes, font };
}

export function cjkFace(name: FontName, dir: string = process.env.SEALDESK_FONT_DIR || NOTO_DIR): Promise<CjkFace> {
  const key = `${dir}\0${name}`;
  let face = faces.get(key);
  if (!face) {
    face = openFace(name, dir);
    faces.set(key, face);
    face.catch(() => faces.delete(key));
  }
  return face;
}

/**
 * The fontkit pdf-lib is given: faces opened above come back from the cache (with the subset
 * repairs), anything else goes to fontkit as usual.
 */
export const cachedFontkit = {
  create(bytes: Uint8Array, postscriptName?: string): ReturnType<typeof fontkit.create> {
    return (postscriptName && byBytes.get(bytes)?.get(postscriptName)) || fontkit.create(bytes, postscriptName);
  },
};
