import { placeholdersIn } from './placeholders.js';
import type { CertificateTemplate, TemplateBlock } from './template-schema.js';

/** Every text of a block that may hold placeholders, with its JSON pointer. */
export function blockTexts(block: TemplateBlock, path: string): { path: string; text: string }[] {
  switch (block.kind) {
    case 'text':
    case 'paragraph':
      return [{ path: `${path}/text`, text: block.text }];
    case 'rows':
      return block.rows.map((row, j) => ({ path: `${path}/rows/${j}/value`, text: row.value }));
    default:
      return [];
  }
}

/** The placeholder names some block of the template prints. */
export function printedNames(template: CertificateTemplate): Set<string> {
  return new Set(template.layout.blocks.flatMap((block, i) => blockTexts(block, `/layout/blocks/${i}`).flatMap(({ text }) => placeholdersIn(text))));
}
