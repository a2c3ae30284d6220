import { isValidUscc } from '../directory/uscc.js';
import { blockTexts } from './block-texts.js';
import { isIsoDate } from './chinese-date.js';
import { placeholdersIn, staticText, strayBrace } from './placeholders.js';
import type { Problem } from './schema-problem.js';
import { HOLDER_FIELDS, PAGE_SIZES, SYSTEM_FIELDS, type CertificateTemplate, type TemplateBlock, type TemplateField } from './template-schema.js';

const RESERVED: ReadonlySet<string> = new Set([...HOLDER_FIELDS, ...SYSTEM_FIELDS]);

function fieldProblem(field: TemplateField, path: string): Problem | undefined {
  if (RESERVED.has(field.name)) return { path: `${path}/name`, reason: `"${field.name}" is a holder or system field; choose another name`, reasonZh: `“${field.name}”是持证人字段或系统字段，请换一个名称` };
  if ((field.kind === 'choice') !== (field.options !== undefined)) return { path: `${path}/options`, reason: 'a choice field needs options, and only a choice field has them', reasonZh: '选择型字段须有选项（options），其他字段不能有选项' };
  const value = field.default;
  if (value === undefined) return undefined;
  const bad =
    (field.kind === 'choice' && !field.options?.includes(value) && (['is not one of the options', '不在选项之中'] as const)) ||
    (field.kind === 'date' && !isIsoDate(value) && (['is not a date YYYY-MM-DD', '不是 YYYY-MM-DD 格式的日期'] as const)) ||
    (field.kind === 'uscc' && !isValidUscc(value) && (['is not a valid 统一社会信用代码', '不是有效的统一社会信用代码'] as const)) ||
    (field.maxLength !== undefined && [...value].length > field.maxLength && (['is longer than maxLength', '超过了 maxLength 规定的长度'] as const));
  return bad ? { path: `${path}/default`, reason: `the default ${bad[0]}`, reasonZh: `默认值${bad[1]}` } : undefined;
}

function geometryProblem(block: TemplateBlock, path: string, [w, h]: readonly [number, number]): Problem | undefined {
  const outside = (x: number, y: number): boolean => x > w || y > h;
  switch (block.kind) {
    case 'line':
      return outside(...block.from) || outside(...block.to) ? { path, reason: `the line leaves the ${w}×${h} page`, reasonZh: `线条超出了 ${w}×${h} 的页面` } : undefined;
    case 'rect':
      return outside(block.x + block.width, block.y + block.height) ? { path, reason: `the rectangle leaves the ${w}×${h} page`, reasonZh: `矩形超出了 ${w}×${h} 的页面` } : undefined;
    case 'title':
      return block.y > h ? { path: `${path}/y`, reason: `y is above the page (height ${h})`, reasonZh: `y 超出了页面上边缘（页高 ${h}）` } : undefined;
    default:
      break;
  }
  if (outside(block.x, block.y)) return { path, reason: `(${block.x}, ${block.y}) is off the ${w}×${h} page`, reasonZh: `（${block.x}, ${block.y}）不在 ${w}×${h} 的页面内` };
  if (block.kind === 'paragraph' || block.kind === 'rows') {
    if (block.x + block.width > w) return { path: `${path}/width`, reason: `x + width is past the page's right edge (${w})`, reasonZh: `x + width 超出了页面右边缘（${w}）` };
    if (block.bottom !== undefined && block.bottom >= block.y) return { path: `${path}/bottom`, reason: 'bottom must be below y', reasonZh: 'bottom 须在 y 的下方' };
    if (block.kind === 'rows' && block.labelWidth >= block.width) return { path: `${path}/labelWidth`, reason: 'labelWidth leaves no room for the values', reasonZh: 'labelWidth 过大，没有留出填写内容的位置' };
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
    if (names.has(field.name)) return { path: `/fields/${i}/name`, reason: `"${field.name}" is declared twice`, reasonZh: `“${field.name}”重复声明` };
    names.add(field.name);
    const problem = fieldProblem(field, `/fields/${i}`);
    if (problem) return problem;
  }
  const known = new Set<string>([...names, ...t.holder.fields, ...SYSTEM_FIELDS]);
  const used = new Set<string>();
  const anchors = t.layout.blocks.flatMap((b, i) => (b.kind === 'anchor' ? [{ block: b, i }] : []));
  if (anchors.length !== 1) return { path: '/layout/blocks', reason: `needs exactly one anchor block (where the seal goes), found ${anchors.length}`, reasonZh: `须有且只有一个盖章位置块（anchor），现有 ${anchors.length} 个` };
  const anchor = anchors[0]!.block.text;
  const page = PAGE_SIZES[t.layout.page];
  for (const [i, block] of t.layout.blocks.entries()) {
    const path = `/layout/blocks/${i}`;
    for (const { path: textPath, text } of blockTexts(block, path)) {
      if (strayBrace(text)) return { path: textPath, reason: 'has a brace that is not a {placeholder}', reasonZh: '含有不属于 {占位符} 的花括号' };
      const unknown = placeholdersIn(text).find((name) => !known.has(name));
      if (unknown) return { path: textPath, reason: `{${unknown}} is neither a holder field, a field of this template, nor documentNumber/issueDate/issuer`, reasonZh: `{${unknown}} 既不是持证人字段、本模板的字段，也不是 documentNumber/issueDate/issuer` };
      placeholdersIn(text).forEach((name) => used.add(name));
      if (staticText(text).includes(anchor)) return { path: textPath, reason: `repeats the anchor text "${anchor}"; the seal would be placed there`, reasonZh: `重复了盖章位置文字“${anchor}”，印章会盖到这里` };
    }
    if (block.kind === 'rows' && block.rows.some((r) => r.label.includes(anchor))) return { path: `${path}/rows`, reason: `a label repeats the anchor text "${anchor}"`, reasonZh: `有标签重复了盖章位置文字“${anchor}”` };
    if ((block.kind === 'title' || block.kind === 'anchor') && block.text !== undefined && (strayBrace(block.text) || placeholdersIn(block.text).length > 0)) {
      return { path: `${path}/text`, reason: `a ${block.kind} is fixed text, without placeholders`, reasonZh: `${block.kind} 块是固定文字，不能含占位符` };
    }
    if (block.kind === 'title' && (block.text ?? t.title.zh).includes(anchor)) return { path, reason: `the title repeats the anchor text "${anchor}"`, reasonZh: `标题重复了盖章位置文字“${anchor}”` };
    const problem = geometryProblem(block, path, page);
    if (problem) return problem;
  }
  const unused = [...t.holder.fields, ...names].find((name) => !used.has(name));
  if (unused) return { path: '/layout/blocks', reason: `the field "${unused}" is declared but no block prints it`, reasonZh: `字段“${unused}”已声明，但没有任何版块打印它` };
  return undefined;
}
