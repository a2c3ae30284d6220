import { SEAL_FONTS } from './fonts.js';
import type { SealImageSpec } from './spec.js';
import { svgDocument } from './svg-document.js';
import { glyph, n } from './svg-text.js';

/** The text of a personal name seal: two characters become 某某之印, three 某某某印 (traditional 名章 wording). */
export function nameSealText(name: string): string {
  const chars = [...name];
  if (chars.length === 2) return `${name}之印`;
  if (chars.length === 3) return `${name}印`;
  return name;
}

/**
 * The square seal (法定代表人章 and other 名章): a heavy frame and the characters in a grid,
 * read in columns from the right, top to bottom, as seal script is.
 */
export function squareSealSvg(spec: SealImageSpec, size: number, color: string): string {
  const chars = [...nameSealText(spec.organisation)];
  const rows = chars.length <= 4 ? 2 : 3;
  const columns = Math.ceil(chars.length / rows);
  const frame = 0.06 * size;
  const margin = 0.04 * size;
  const box = size - 2 * margin;
  const inside = box - 2 * frame - 0.06 * size;
  const cellWidth = inside / columns;
  const cellHeight = inside / rows;
  const fontSize = cellHeight * 0.98;
  const squeeze = Math.min(1, (cellWidth * 0.95) / fontSize);
  const left = (size - inside) / 2;
  const top = (size - inside) / 2;
  const parts = [
    `<rect x="${n(margin + frame / 2)}" y="${n(margin + frame / 2)}" width="${n(box - frame)}" height="${n(box - frame)}" rx="${n(frame * 0.6)}" fill="none" stroke="${color}" stroke-width="${n(frame)}"/>`,
  ];
  chars.forEach((char, i) => {
    const column = columns - 1 - Math.floor(i / rows);
    const row = i % rows;
    const x = left + (column + 0.5) * cellWidth;
    // CJK glyphs sit from −0.88 em to +0.12 em around the baseline: centre that box in the cell
    const y = top + (row + 0.5) * cellHeight + 0.38 * fontSize;
    parts.push(glyph(char, `translate(${n(x)} ${n(y)})`, { family: SEAL_FONTS.serif.family, size: fontSize, squeeze, color }));
  });
  return svgDocument(size, size, parts);
}
