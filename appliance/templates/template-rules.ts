import { isValidUscc } from '../seals/uscc.js';
import { blockTexts } from './block-texts.js';
import { isIsoDate } from './chinese-date.js';
import { placeholdersIn, staticText, strayBrace } from './placeholders.js';
import type { Problem } from './schema-problem.js';
import { HOLDER_FIELDS, PAGE_SIZES, SYSTEM_FIELDS, type CertificateTemplate, type TemplateBlock, type TemplateField } from './template-schema.js';

const RESERVED: ReadonlySet<string> = new Set([...HOLDER_FIELDS, ...SYSTEM_FIELDS]);

function fieldProblem(field: TemplateField, path: string): Problem | undefined {
  if (RESERVED.has(field.name)) return { path: `${path}/name`, reason: `"${field.name}" is a holder or system field; choose another name` };
  if ((field.kind === 'choice') !== (field.options !== undefined)) return { path: `${path}/options`, reason: 'a choice field needs options, and only a choice field has them' };
  const value = field.default;
  if (value === undefined) return undefined;
  const bad =
    (field.kind === 'choice' && !field.options?.includes(value) && 'is not one of the options') ||
    (field.kind === 'date' && !isIsoDate(value) && 'is not a date YYYY-MM-DD') ||
    (field.kind === 'uscc' && !isValidUscc(value) && 'is not a valid 统一社会信用代码') ||
    (field.maxLength !== undefined && [...value].length > field.maxLength && 'is longer than maxLength');
  return bad ? { path: `${path}/default`, reason: `the default ${bad}` } : undefined;
}

function geometryProblem(block: TemplateBlock, path: string, [w, h]: readonly [number, number]): Problem | undefined {
  const outside = (x: number, y: number): boolean => x > w || y > h;
  switch (block.kind) {
    case 'line':
      return outside(...block.from) || outside(...block.to) ? { path, reason: `the line leaves the ${w}×${h} page` } : undefined;
    case 'rect':
      return outside(block.x + block.width, block.y + block.height) ? { path, reason: `the rectangle leaves the ${w}×${h} page` } : undefined;
    case 'title':
      return block.y > h ? { path: `${path}/y`, reason: `y is above the page (height ${h})` } : undefined;
    default:
      break;
  }
  if (outside(block.x, block.y)) return { path, reason: `(${block.x}, ${block.y}) is off the ${w}×${h} page` };
  if (block.kind === 'paragraph' || block.kind === 'rows') {
    if (block.x + block.width > w) return { path: `${path}/width`, reason: `x + width is past the page's right edge (${w})` };
    if (block.bottom !== undefined && block.bottom >= block.y) return { path: `${path}/bottom`, reason: 'bottom must be below y' };
    if (block.kind === 'rows' && block.labelWidth >= block.width) return { path: `${path}/labelWidth`, reason: 'labelWidth leaves no room for the values' };
  }
  return undefined;
}

/**
 * What the schema cannot say: names that clash, placeholders that name nothing, fields the
 * layout never prints, exactly one seal anchor that no other text repeats (stamping centres the
 * seal on the anchor's first occurrence), and blocks that stay on the page.
 */
export function templateRuleProblem(t: CertificateTemplate): Problem | undefined {
  const names = new Set<string>();
  for (const [i, field] of t.fields.entries()) {
    if (names.has(field.name)) return { path: `/fields/${i}/name`, reason: `"${field.name}" is declared twice` };
    names.add(field.name);
    const problem = fieldProblem(field, `/fields/${i}`);
    if (problem) return problem;
  }
  const known = new Set<string>([...names, ...t.holder.fields, ...SYSTEM_FIELDS]);
  const used = new Set<string>();
  const anchors = t.layout.blocks.flatMap((b, i) => (b.kind === 'anchor' ? [{ block: b, i }] : []));
  if (anchors.length !== 1) return { path: '/layout/blocks', reason: `needs exactly one anchor block (where the seal goes), found ${anchors.length}` };
  const anchor = anchors[0]!.block.text;
  const page = PAGE_SIZES[t.layout.page];
  for (const [i, block] of t.layout.blocks.entries()) {
    const path = `/layout/blocks/${i}`;
    for (const { path: textPath, text } of blockTexts(block, path)) {
      if (strayBrace(text)) return { path: textPath, reason: 'has a brace that is not a {placeholder}' };
      const unknown = placeholdersIn(text).find((name) => !known.has(name));
      if (unknown) return { path: textPath, reason: `{${unknown}} is neither a holder field, a field of this template, nor documentNumber/issueDate/issuer` };
      placeholdersIn(text).forEach((name) => used.add(name));
      if (staticText(text).includes(anchor)) return { path: textPath, reason: `repeats the anchor text "${anchor}"; the seal would be placed there` };
    }
    if (block.kind === 'rows' && block.rows.some((r) => r.label.includes(anchor))) return { path: `${path}/rows`, reason: `a label repeats the anchor text "${anchor}"` };
    if ((block.kind === 'title' || block.kind === 'anchor') && block.text !== undefined && (strayBrace(block.text) || placeholdersIn(block.text).length > 0)) {
      return { path: `${path}/text`, reason: `a ${block.kind} is fixed text, without placeholders` };
    }
    if (block.kind === 'title' && (block.text ?? t.title.zh).includes(anchor)) return { path, reason: `the title repeats the anchor text "${anchor}"` };
    const problem = geometryProblem(block, path, page);
    if (problem) return problem;
  }
  const unused = [...t.holder.fields, ...names].find((name) => !used.has(name));
  if (unused) return { path: '/layout/blocks', reason: `the field "${unused}" is declared but no block prints it` };
  return undefined;
}
