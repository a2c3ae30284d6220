import { glyph, n, type GlyphStyle } from './svg-text.js';

/**
 * A line of characters centred on `at` (baseline), each placed on its own so the spacing is the
 * engraver's, not the font's; narrowed to fit `maxWidth`.
 */
export function straightText(text: string, at: { x: number; y: number }, maxWidth: number, style: GlyphStyle): string {
  const chars = [...text];
  let { size, squeeze } = style;
  const width = () => chars.length * size * squeeze * 1.04;
  while (width() > maxWidth && squeeze > 0.62) squeeze -= 0.03;
  if (width() > maxWidth) size = maxWidth / (chars.length * squeeze * 1.04);
  const advance = size * squeeze * 1.04;
  const left = at.x - (advance * (chars.length - 1)) / 2;
  return chars.map((char, i) => glyph(char, `translate(${n(left + i * advance)} ${n(at.y)})`, { ...style, size, squeeze })).join('');
}
