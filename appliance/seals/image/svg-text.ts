/** Numbers with two decimals, so the same seal gives byte-identical SVG (and PNG) everywhere. */
export function n(value: number): string {
  return (Math.round(value * 100) / 100).toFixed(2).replace(/\.?0+$/, '') || '0';
}

export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export interface GlyphStyle {
  family: string;
  /** Font size in pixels. */
  size: number;
  /** Horizontal scale: seal lettering is condensed, taller than wide. */
  squeeze: number;
  color: string;
}

/**
 * One character drawn at the origin of a transform, centred horizontally, baseline at y = 0,
 * growing towards −y. The caller's transform puts it on the arc, already rotated.
 */
export function glyph(char: string, transform: string, style: GlyphStyle): string {
  return (
    `<g transform="${transform} scale(${n(style.squeeze)} 1)">` +
    `<text x="0" y="0" text-anchor="middle" font-family="${style.family}" font-weight="bold" font-size="${n(style.size)}" fill="${style.color}">` +
    `${escapeXml(char)}</text></g>`
  );
}
