import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';
import { fillPlaceholders } from './placeholders.js';
import { PAGE_SIZES, type CertificateTemplate, type FontName, type TemplateBlock } from './template-schema.js';
import { wrapText } from './wrap-text.js';

export type DrawOp =
  | { op: 'text'; text: string; x: number; y: number; size: number; font: FontName }
  | { op: 'line'; from: readonly [number, number]; to: readonly [number, number]; lineWidth: number }
  | { op: 'rect'; x: number; y: number; width: number; height: number; lineWidth: number };

export interface CertificateLayout {
  page: readonly [number, number];
  ops: DrawOp[];
  /** Where the seal goes: the anchor's text and its centre (what stamping's text placement finds). */
  anchor: { text: string; x: number; y: number };
}

/** Width in points of a text set in a face at a size. */
export type Measure = (font: FontName, text: string, size: number) => number;

const DEFAULTS = { size: 14, titleSize: 22, lineHeight: 1.75, lineWidth: 0.75 } as const;

/**
 * Places every block of a template, its placeholders filled, as text runs and rules on one page.
 * Pure (fonts come in through `measure`), so the layout of a certificate can be tested without
 * writing a PDF. Text that runs off the page or below a block's `bottom` is TEMPLATE_TEXT_OVERFLOW:
 * a certificate never goes out with a line cut off.
 */
export function layoutCertificate(template: CertificateTemplate, values: Readonly<Record<string, string>>, measure: Measure): CertificateLayout {
  const page = PAGE_SIZES[template.layout.page];
  const ops: DrawOp[] = [];
  let anchor: CertificateLayout['anchor'] | undefined;
  const overflow = (i: number): SealdeskError => new SealdeskError('TEMPLATE_TEXT_OVERFLOW', { template: template.id, block: `block ${i + 1}` });

  const line = (i: number, text: string, x: number, y: number, size: number, font: FontName, align: 'left' | 'center' | 'right'): number => {
    const width = measure(font, text, size);
    const left = align === 'center' ? x - width / 2 : align === 'right' ? x - width : x;
    if (left < 0 || left + width > page[0] + 0.01) throw overflow(i);
    if (text) ops.push({ op: 'text', text, x: left, y, size, font });
    return left + width / 2;
  };

  /** Wrapped lines from `y` down; returns the baseline after the last line. */
  const flow = (i: number, text: string, x: number, y: number, width: number, block: { size?: number; font?: FontName; lineHeight?: number; bottom?: number }, indent = 0): number => {
    const size = block.size ?? DEFAULTS.size;
    const font = block.font ?? 'serif';
    const step = size * (block.lineHeight ?? DEFAULTS.lineHeight);
    const measureText = (t: string): number => measure(font, t, size);
    const lines = wrapText(text, width, measureText, indent * size);
    lines.forEach((textLine, n) => {
      const baseline = y - n * step;
      if (baseline < (block.bottom ?? 0)) throw overflow(i);
      line(i, textLine, x + (n === 0 ? indent * size : 0), baseline, size, font, 'left');
    });
    return y - lines.length * step;
  };

  template.layout.blocks.forEach((block: TemplateBlock, i) => {
    switch (block.kind) {
      case 'title':
        line(i, block.text ?? template.title.zh, page[0] / 2, block.y, block.size ?? DEFAULTS.titleSize, block.font ?? 'serif-bold', 'center');
        break;
      case 'text':
        line(i, fillPlaceholders(block.text, values), block.x, block.y, block.size ?? DEFAULTS.size, block.font ?? 'serif', block.align ?? 'left');
        break;
      case 'anchor': {
        const size = block.size ?? DEFAULTS.size;
        const centre = line(i, block.text, block.x, block.y, size, block.font ?? 'serif', block.align ?? 'left');
        anchor = { text: block.text, x: centre, y: block.y + size * 0.35 };
        break;
      }
      case 'paragraph': {
        let y = block.y;
        for (const paragraph of fillPlaceholders(block.text, values).split('\n')) y = flow(i, paragraph, block.x, y, block.width, block, block.indent ?? 0);
        break;
      }
      case 'rows': {
        let y = block.y;
        const size = block.size ?? DEFAULTS.size;
        for (const row of block.rows) {
          if (y < (block.bottom ?? 0)) throw overflow(i);
          line(i, row.label, block.x, y, size, block.labelFont ?? block.font ?? 'serif', 'left');
          y = flow(i, fillPlaceholders(row.value, values), block.x + block.labelWidth, y, block.width - block.labelWidth, block);
        }
        break;
      }
      case 'line':
        ops.push({ op: 'line', from: block.from, to: block.to, lineWidth: block.lineWidth ?? DEFAULTS.lineWidth });
        break;
      case 'rect':
        ops.push({ op: 'rect', x: block.x, y: block.y, width: block.width, height: block.height, lineWidth: block.lineWidth ?? DEFAULTS.lineWidth });
        break;
    }
  });
  if (!anchor) throw new SealdeskError('TEMPLATE_INVALID', { template: template.id, path: '/layout/blocks', reason: 'no anchor block', reasonZh: '缺少盖章位置块（anchor）' });
  return { page, ops, anchor };
}
