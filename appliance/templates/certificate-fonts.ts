import { printedNames } from './block-texts.js';
import { cjkFace, type CjkFace } from './cjk-fonts.js';
import { fieldInvalid } from './field-values.js';
import { HOLDER_LABELS } from './holder.js';
import type { Measure } from './layout-certificate.js';
import type { CertificateTemplate, FontName, HolderField } from './template-schema.js';

/** The faces a template's blocks set text in (with the layout's defaults: serif, titles serif-bold). */
export function facesOf(template: CertificateTemplate): FontName[] {
  const names = new Set<FontName>();
  for (const block of template.layout.blocks) {
    if (block.kind === 'title') names.add(block.font ?? 'serif-bold');
    else if (block.kind === 'rows') names.add(block.font ?? 'serif').add(block.labelFont ?? block.font ?? 'serif');
    else if (block.kind !== 'line' && block.kind !== 'rect') names.add(block.font ?? 'serif');
  }
  return [...names].sort();
}

export async function loadFaces(names: readonly FontName[], dir?: string): Promise<Map<FontName, CjkFace>> {
  return new Map(await Promise.all(names.map(async (name) => [name, await cjkFace(name, dir)] as const)));
}

/** Advance widths as pdf-lib will set them (glyph advances after the font's substitutions, no kerning). */
export function measureWith(faces: ReadonlyMap<FontName, CjkFace>): Measure {
  return (name, text, size) => {
    const { font } = faces.get(name)!;
    let units = 0;
    for (const glyph of font.layout(text).glyphs) units += glyph.advanceWidth;
    return (units * size) / font.unitsPerEm;
  };
}

/**
 * Refuses a value with a character the faces have no glyph for (a rare character in a name,
 * 生僻字) instead of printing a blank box on a certificate. The reason does not show the character:
 * it is part of a name or address.
 */
export function checkGlyphs(template: CertificateTemplate, values: Readonly<Record<string, string>>, faces: ReadonlyMap<FontName, CjkFace>): void {
  for (const [name, value] of Object.entries(values)) {
    for (const ch of value) {
      if (/\s/.test(ch)) continue;
      const codePoint = ch.codePointAt(0)!;
      if ([...faces.values()].every(({ font }) => font.hasGlyphForCodePoint(codePoint))) continue;
      const field = template.fields.find((f) => f.name === name);
      const label = field?.label ?? HOLDER_LABELS[name as HolderField] ?? { zh: name, en: name };
      throw fieldInvalid(name, label, 'has a character the certificate font cannot print; a clerk can issue it at the counter', '含有证明字体无法打印的字（生僻字），请到窗口由工作人员办理');
    }
  }
}

/** Only values some block prints need glyphs. */
export function printedValues(template: CertificateTemplate, values: Readonly<Record<string, string>>): Record<string, string> {
  const used = printedNames(template);
  return Object.fromEntries(Object.entries(values).filter(([name]) => used.has(name)));
}
