import { readFile } from 'node:fs/promises';
import { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import { DocumentBudget, type DocumentLimits } from '../../documents/index.js';
import { formatOf, HEAD_BYTES } from '../format-registry.js';
import { pageBox, readStructure, readXml, type OfdStructure } from './ofd-package.js';
import { imageTypeOf } from './image-type.js';
import { pageResources, type DrawParam, type PageResources } from './page-resources.js';
import { stampAppearances, type StampAppearance } from './stamp-appearances.js';
import { attribute, child, children, text, type XmlNode } from './safe-xml.js';
import { deltas } from './text-find.js';
import { ZipArchive } from './zip-archive.js';
import '../errors.js';

/**
 * One OFD page as SVG, for the counter's preview: the subset certificates and invoices use. Text
 * (TextCode X/Y/DeltaX/DeltaY at the object's Size, its font's family with a generic fallback),
 * paths (AbbreviatedData, stroke and fill from the object or its DrawParam), images (PNG or JPEG
 * from the resources, as data URLs), the page's template first, CTMs and PageBlocks followed, and
 * over them the seals earlier signatures put on the page (stamp-appearances.ts). The
 * viewBox is the PhysicalBox, in mm. Within a layer images go first, then paths, then text: the
 * parser groups elements by name, and a preview only has to show where a seal may go.
 *
 * The SVG is written by this code alone: every number passes through num(), every string from the
 * document is escaped, an image is embedded only when its bytes are a PNG or a JPEG. Each drawn
 * object spends from the document's budget (objects), so a page of millions of objects is
 * DOCUMENT_TOO_COMPLEX rather than a huge answer.
 */
export function renderPageSvg(archive: ZipArchive, structure: OfdStructure, number: number, budget: DocumentBudget): string {
  const page = structure.pages[number - 1];
  if (!page || !Number.isInteger(number) || number < 1) throw new SealdeskError('PAGE_OUT_OF_RANGE', { page: number, pageCount: structure.pages.length });
  const content = child(readXml(archive, page.file, budget), 'Page');
  const [bx, by, bw, bh] = pageBox(archive, structure, page, budget);
  const resources = pageResources(archive, structure, content, page.file, budget);
  const drawing = new Drawing(archive, resources, budget);
  const templates = children(content, 'Template');
  const templateLayers = (z: 'Background' | 'Foreground') => {
    for (const t of templates) {
      if ((attribute(t, 'ZOrder') ?? 'Background') !== z) continue;
      const file = resources.templates.get(attribute(t, 'TemplateID') ?? '');
      if (file && archive.has(file)) drawing.layers(child(child(readXml(archive, file, budget), 'Page'), 'Content'));
    }
  };
  templateLayers('Background');
  drawing.layers(child(content, 'Content'));
  templateLayers('Foreground');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${num(bx)} ${num(by)} ${num(bw)} ${num(bh)}" width="${num(bw)}mm" height="${num(bh)}mm">` +
    `<rect x="${num(bx)}" y="${num(by)}" width="${num(bw)}" height="${num(bh)}" fill="#fff"/>` +
    drawing.out.join('') +
    stampAppearances(archive, structure, page, budget).map(drawStamp).join('') +
    '</svg>'
  );
}

/**
 * A seal already on the page, over its content as a reader shows it: its picture stretched to the
 * StampAnnot's Boundary (a 骑缝章's slice clipped to its Clip), or, when the picture is not a PNG
 * or a JPEG, the Boundary outlined in seal red, so the clerk still sees where it sits.
 */
function drawStamp(stamp: StampAppearance, index: number): string {
  const [x, y, w, h] = stamp.boundary;
  const clip = stamp.clip ? `<clipPath id="stamp-clip-${index}"><rect x="${num(x + stamp.clip[0])}" y="${num(y + stamp.clip[1])}" width="${num(stamp.clip[2])}" height="${num(stamp.clip[3])}"/></clipPath>` : '';
  const clipped = stamp.clip ? ` clip-path="url(#stamp-clip-${index})"` : '';
  const body = stamp.dataUrl
    ? `<image x="${num(x)}" y="${num(y)}" width="${num(w)}" height="${num(h)}" preserveAspectRatio="none" href="${stamp.dataUrl}"/>`
    : `<rect x="${num(x)}" y="${num(y)}" width="${num(w)}" height="${num(h)}" fill="none" stroke="rgb(200,0,0)" stroke-width="0.5" stroke-dasharray="2 1"/>`;
  return `${clip}<g class="stamp"${clipped}>${body}</g>`;
}

/** A number as SVG takes it: finite, at most 4 decimals; anything else is 0. */
export function num(value: number): string {
  return Number.isFinite(value) ? String(Math.round(value * 10_000) / 10_000) : '0';
}

/** Text for an element's content or a double-quoted attribute. */
export function escapeXml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** "r g b" (0–255) in RGB, one value as grey, four as CMYK; anything else is undefined. */
function colour(node: XmlNode | undefined): string | undefined {
  const value = attribute(node, 'Value');
  if (value === undefined) return undefined;
  const v = value.trim().split(/\s+/).map(Number);
  if (v.some((n) => !Number.isFinite(n))) return undefined;
  const c = (n: number) => Math.min(255, Math.max(0, Math.round(n)));
  if (v.length === 3) return `rgb(${c(v[0]!)},${c(v[1]!)},${c(v[2]!)})`;
  if (v.length === 1) return `rgb(${c(v[0]!)},${c(v[0]!)},${c(v[0]!)})`;
  if (v.length === 4) {
    const k = 1 - c(v[3]!) / 255;
    return `rgb(${c((255 - c(v[0]!)) * k)},${c((255 - c(v[1]!)) * k)},${c((255 - c(v[2]!)) * k)})`;
  }
  return undefined;
}

/** An object's placement: its Boundary's origin, then its CTM (six numbers), as an SVG transform. */
function placement(object: XmlNode): { transform: string; origin: [number, number] } {
  const box = (attribute(object, 'Boundary') ?? '').trim().split(/[\s,]+/).map(Number);
  const x = box[0] ?? 0;
  const y = box[1] ?? 0;
  const ctm = (attribute(object, 'CTM') ?? '').trim().split(/[\s,]+/).map(Number);
  const matrix = ctm.length === 6 && ctm.every(Number.isFinite) ? ` matrix(${ctm.map(num).join(' ')})` : '';
  return { transform: `translate(${num(x)} ${num(y)})${matrix}`, origin: [x, y] };
}

/** The path commands of AbbreviatedData (M, S, L, Q, B, A, C) as SVG path data; an unknown command ends the path. */
export function pathData(abbreviated: string): string {
  const tokens = abbreviated.trim().split(/\s+/).filter(Boolean);
  const arity: Record<string, [string, number]> = { M: ['M', 2], S: ['M', 2], L: ['L', 2], Q: ['Q', 4], B: ['C', 6], A: ['A', 7], C: ['Z', 0] };
  const out: string[] = [];
  for (let i = 0; i < tokens.length; ) {
    const command = arity[tokens[i]!];
    if (!command) break;
    const args = tokens.slice(i + 1, i + 1 + command[1]).map(Number);
    if (args.length !== command[1] || args.some((n) => !Number.isFinite(n))) break;
    out.push(command[0], ...args.map(num));
    i += 1 + command[1];
  }
  return out.join(' ');
}

class Drawing {
  readonly out: string[] = [];

  constructor(
    private readonly archive: ZipArchive,
    private readonly resources: PageResources,
    private readonly budget: DocumentBudget,
  ) {}

  /** Every Layer of a Content element. */
  layers(content: XmlNode | undefined): void {
    for (const layer of children(content, 'Layer')) this.block(layer, this.param(attribute(layer, 'DrawParam')));
  }

  /** A DrawParam with what its Relative chain gives (a cycle ends the chain). */
  private param(id: string | undefined, seen = new Set<string>()): DrawParam {
    if (!id || seen.has(id)) return {};
    seen.add(id);
    const own = this.resources.drawParams.get(id);
    if (!own) return {};
    return { ...this.param(own.relative, seen), ...own };
  }

  private inherit(object: XmlNode, outer: DrawParam): DrawParam {
    const own = attribute(object, 'DrawParam');
    return own ? { ...outer, ...this.param(own) } : outer;
  }

  /** A Layer's or PageBlock's objects. */
  private block(node: XmlNode, param: DrawParam): void {
    for (const image of children(node, 'ImageObject')) this.image(image);
    for (const path of children(node, 'PathObject')) this.path(path, this.inherit(path, param));
    for (const object of children(node, 'TextObject')) this.text(object, this.inherit(object, param));
    for (const inner of children(node, 'PageBlock')) {
      this.budget.spend('objects');
      this.block(inner, param);
    }
  }

  private image(object: XmlNode): void {
    this.budget.spend('objects');
    const file = this.resources.images.get(attribute(object, 'ResourceID') ?? '');
    const bytes = file ? this.archive.read(file) : undefined;
    const type = bytes ? imageTypeOf(bytes) : undefined;
    // a BMP, GIF, TIFF or JB2 (also OFD image types) is not drawn: the preview shows where it is
    if (!bytes || !type) return;
    const { transform } = placement(object);
    this.out.push(`<g transform="${transform}"><image x="0" y="0" width="1" height="1" preserveAspectRatio="none" href="data:${type};base64,${bytes.toString('base64')}"/></g>`);
  }

  private path(object: XmlNode, param: DrawParam): void {
    this.budget.spend('objects');
    const d = pathData(text(child(object, 'AbbreviatedData')) ?? '');
    if (!d) return;
    const stroke = attribute(object, 'Stroke') !== 'false';
    const fill = attribute(object, 'Fill') === 'true';
    const width = Number(attribute(object, 'LineWidth') ?? param.lineWidth ?? 0.353);
    const strokeColour = colour(child(object, 'StrokeColor') ?? param.strokeColor) ?? 'rgb(0,0,0)';
    // GB/T 33190: a path's fill is transparent unless a colour is given, its stroke black
    const fillColour = colour(child(object, 'FillColor') ?? param.fillColor) ?? 'none';
    const rule = attribute(object, 'Rule') === 'Even-Odd' ? ' fill-rule="evenodd"' : '';
    const { transform } = placement(object);
    this.out.push(
      `<path transform="${transform}" d="${d}" fill="${fill ? fillColour : 'none'}"${rule} stroke="${stroke ? strokeColour : 'none'}" stroke-width="${num(width)}"/>`,
    );
  }

  private text(object: XmlNode, param: DrawParam): void {
    this.budget.spend('objects');
    const size = Number(attribute(object, 'Size') ?? 3.5);
    const family = this.resources.fonts.get(attribute(object, 'Font') ?? '') ?? '';
    // the document's font is named first; a terminal without it draws the generic family
    const families = [family ? `'${family.replace(/['\\]/g, '')}'` : '', /宋|song|sun|ming|times|serif/i.test(family) ? 'serif' : /楷|kai/i.test(family) ? 'serif' : /courier|mono/i.test(family) ? 'monospace' : 'sans-serif']
      .filter(Boolean)
      .join(', ');
    const fill = attribute(object, 'Fill') === 'false' ? 'none' : (colour(child(object, 'FillColor') ?? param.fillColor) ?? 'rgb(0,0,0)');
    const { transform } = placement(object);
    const runs: string[] = [];
    let x = 0;
    let y = 0;
    for (const code of children(object, 'TextCode')) {
      this.budget.spend('objects');
      x = Number(attribute(code, 'X') ?? x);
      y = Number(attribute(code, 'Y') ?? y);
      const chars = [...(text(code) ?? '')];
      if (chars.length === 0) continue;
      const dx = deltas(attribute(code, 'DeltaX'));
      const dy = deltas(attribute(code, 'DeltaY'));
      const xs: number[] = [];
      const ys: number[] = [];
      let at = x;
      let down = y;
      for (let i = 0; i < chars.length; i++) {
        xs.push(at);
        ys.push(down);
        at += dx.length ? (dx[i] ?? dx[dx.length - 1]!) : dy.length ? 0 : size;
        down += dy.length ? (dy[i] ?? dy[dy.length - 1]!) : 0;
      }
      x = at;
      runs.push(`<text x="${xs.map(num).join(' ')}" y="${ys.map(num).join(' ')}">${escapeXml(chars.join(''))}</text>`);
    }
    if (runs.length) this.out.push(`<g transform="${transform}" font-size="${num(size)}" font-family="${escapeXml(families)}" fill="${fill}">${runs.join('')}</g>`);
  }
}

/**
 * Page `number` of the OFD at `path` as SVG, read within a budget of its own (the document's
 * limits): the job the document pool runs in a thread. A file in another format is
 * PAGE_PREVIEW_UNSUPPORTED; a hostile package fails as opening it would (OFD_XML_REFUSED, DOCUMENT_TOO_COMPLEX, …).
 */
export async function renderOfdPageSvg(path: string, number: number, limits?: DocumentLimits): Promise<string> {
  const bytes = await readFile(path).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new SealdeskError('FILE_NOT_FOUND', { path }, { cause: error });
    throw error;
  });
  const format = formatOf(bytes.subarray(0, HEAD_BYTES));
  if (format.name !== 'ofd') throw new SealdeskError('PAGE_PREVIEW_UNSUPPORTED', { format: format.name.toUpperCase() });
  const budget = DocumentBudget.for(bytes.length, limits);
  const archive = ZipArchive.read(bytes, budget);
  return renderPageSvg(archive, readStructure(archive, budget), number, budget);
}
