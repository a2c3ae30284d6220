import fontkit from '@pdf-lib/fontkit';
import { readFileSync } from 'node:fs';

type Font = ReturnType<typeof fontkit.create>;

const FONT_DIR = '/usr/share/fonts/opentype/noto';
/** The Simplified Chinese faces inside the Noto CJK collections: a receipt here is in zh-CN. */
const FACES = {
  regular: { file: `${FONT_DIR}/NotoSansCJK-Regular.ttc`, name: 'NotoSansCJKsc-Regular' },
  bold: { file: `${FONT_DIR}/NotoSansCJK-Bold.ttc`, name: 'NotoSansCJKsc-Bold' },
};

// Each ~20 MB collection is read and parsed once per thread. Handing the files to resvg instead
// made its native font database load them again for every receipt, and the devices' process grew
// 3.5–4 MB a kiosk session outside V8 (issue 18).
const fonts = new Map<keyof typeof FACES, Font>();
function face(weight: keyof typeof FACES): Font {
  let font = fonts.get(weight);
  if (!font) {
    font = fontkit.create(readFileSync(FACES[weight].file), FACES[weight].name);
    fonts.set(weight, font);
  }
  return font;
}

export interface TextLine {
  text: string;
  bold: boolean;
  /** Where the anchor sits, in pixels: the left end, the middle or the right end of the line. */
  anchor: 'start' | 'middle' | 'end';
  x: number;
  baseline: number;
  /** Character size in pixels before the ESC/POS width and height multipliers. */
  size: number;
  scaleX: number;
  scaleY: number;
}

/** One line of text as SVG outlines (from fontkit), so the renderer needs no font at all. */
export function textPaths(line: TextLine): string {
  const font = face(line.bold ? 'bold' : 'regular');
  // cmap only, no OpenType shaping: horizontal Chinese needs none (the sc face maps code points to
  // its own forms), and fontkit 1's shaper spends ~11 ms a line in Noto CJK's GSUB lookups
  const glyphs = font.glyphsForString(line.text);
  const advance = glyphs.reduce((sum, glyph) => sum + glyph.advanceWidth, 0);
  const unit = line.size / font.unitsPerEm;
  const width = advance * unit * line.scaleX;
  const left = line.anchor === 'middle' ? line.x - width / 2 : line.anchor === 'end' ? line.x - width : line.x;
  const paths: string[] = [];
  let pen = 0;
  for (const glyph of glyphs) {
    const d = glyph.path.toSVG();
    if (d !== '') paths.push(`<path transform="translate(${pen} 0)" d="${d}"/>`);
    pen += glyph.advanceWidth;
  }
  // font units have y upwards; the picture has it downwards
  return `<g transform="translate(${left} ${line.baseline}) scale(${unit * line.scaleX} ${-unit * line.scaleY})">${paths.join('')}</g>`;
}
