import { createHash } from 'node:crypto';
import { zipSync } from 'fflate';
import { ofdRectangles, qrPathObjects } from '../formats/index.js';
import { qrModules } from '../stamping/qr-image.js';
import { chinaDateOf } from './chinese-date.js';
import type { CertificateData } from './certificate-values.js';
import type { DrawOp } from './layout-certificate.js';
import { layOutFor } from './lay-out-for.js';
import { openTypeSubset } from './open-type-subset.js';
import type { RenderOptions } from './render-certificate.js';
import type { CertificateTemplate, FontName } from './template-schema.js';

export interface OfdRenderOptions extends RenderOptions {
  /** Printed as the QR 证照码 beside the seal's place (a verification link); none when absent. */
  qr?: string;
}

export interface RenderedOfdCertificate {
  ofd: Buffer;
  documentNumber: string;
  /** Where the OFD stamper puts the seal: centred on the anchor text (盖章处), found in the TextCodes. */
  placement: { kind: 'text'; text: string };
  /** The anchor's centre on page 1, PDF points from the bottom left (as for PDF). */
  anchor: { x: number; y: number };
}

const PT_TO_MM = 25.4 / 72;
const NS = 'http://www.ofdspec.org/2016';
/** The seal's common 42 mm, and the QR's side and gap beside it, in points as the PDF stamp has them (formats/pdf/placement.ts). */
const SEAL_PT = 119;
const QR_PT = 72;
const GAP_PT = 4;
const QR_MM = QR_PT * (25.4 / 72);

const mm = (points: number): number => points * PT_TO_MM;
/** OFD numbers: mm to a thousandth, no trailing zeros. */
const num = (n: number): string => String(Math.round(n * 1000) / 1000);
const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const xml = (body: string): Buffer => Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n${body}`, 'utf8');

/** The QR's vector modules (as the PDF draws them: no seams between modules). */
function qrObjects(text: string, box: readonly [number, number], nextId: () => number): string {
  return qrPathObjects(qrModules(text), QR_MM, box, [nextId(), nextId()]);
}

/**
 * A certificate as a one-page OFD (GB/T 33190), from the same layout as the PDF (lay-out-for.ts):
 * each text run a TextObject in the face's subset (an OpenType font in Doc_0/Res, FontFile of
 * PublicRes), its position turned from points at the bottom left to mm at the top left, DeltaX
 * from the advances the layout measured, so a reader sets every character where the PDF does;
 * rules and boxes as PathObjects; the QR 证照码 as vector modules where the PDF stamp puts it. The
 * seal is not drawn here: the OFD stamper adds it with its signature. Deterministic, as the PDF:
 * the same template, data and time give the same bytes (zip times from `time`, ids from a digest).
 */
export async function renderCertificateOfd(template: CertificateTemplate, data: CertificateData, options: OfdRenderOptions): Promise<RenderedOfdCertificate> {
  const { values, faces, layout } = await layOutFor(template, data, options);
  // to a hundredth of a mm: A4's 595.28 × 841.89 pt is 210 × 297 mm, as OFD writers give it
  const [pageW, pageH] = layout.page.map((p) => Math.round(mm(p) * 100) / 100) as [number, number];
  let lastId = 0;
  const nextId = (): number => ++lastId;

  const texts = layout.ops.filter((op): op is Extract<DrawOp, { op: 'text' }> => op.op === 'text');
  const fonts = new Map<FontName, { id: number; file: string; advances: Map<number, number>; unitsPerEm: number; bytes: Buffer; postscriptName: string; family: string }>();
  for (const [name, face] of faces) {
    const used = texts.filter((op) => op.font === name).map((op) => op.text);
    if (used.length === 0) continue;
    const subset = await openTypeSubset(face, used);
    const id = nextId();
    fonts.set(name, { id, file: `font_${id}.otf`, ...subset, postscriptName: face.postscriptName, family: face.font.familyName ?? face.postscriptName });
  }
  const layerId = nextId();

  const objects: string[] = [];
  for (const op of layout.ops) {
    if (op.op === 'text') {
      const font = fonts.get(op.font)!;
      const size = mm(op.size);
      const chars = [...op.text];
      const advances = chars.map((ch) => (font.advances.get(ch.codePointAt(0)!)! * size) / font.unitsPerEm);
      const width = advances.reduce((a, b) => a + b, 0);
      const baseline = pageH - mm(op.y);
      // the Boundary runs from an em above the baseline to a quarter em below (descenders); the TextCode's Y is the baseline in it
      const boundary = `${num(mm(op.x))} ${num(baseline - size)} ${num(width)} ${num(size * 1.25)}`;
      const deltaX = advances.slice(0, -1).map(num).join(' ');
      objects.push(`<ofd:TextObject ID="${nextId()}" Boundary="${boundary}" Font="${font.id}" Size="${num(size)}"><ofd:TextCode X="0" Y="${num(size)}"${deltaX ? ` DeltaX="${deltaX}"` : ''}>${esc(op.text)}</ofd:TextCode></ofd:TextObject>`);
    } else if (op.op === 'line') {
      const d = `M ${num(mm(op.from[0]))} ${num(pageH - mm(op.from[1]))} L ${num(mm(op.to[0]))} ${num(pageH - mm(op.to[1]))}`;
      objects.push(`<ofd:PathObject ID="${nextId()}" Boundary="0 0 ${num(pageW)} ${num(pageH)}" LineWidth="${num(mm(op.lineWidth))}"><ofd:AbbreviatedData>${d}</ofd:AbbreviatedData></ofd:PathObject>`);
    } else {
      const box = [mm(op.x), pageH - mm(op.y + op.height), mm(op.width), mm(op.height)] as const;
      objects.push(`<ofd:PathObject ID="${nextId()}" Boundary="0 0 ${num(pageW)} ${num(pageH)}" LineWidth="${num(mm(op.lineWidth))}"><ofd:AbbreviatedData>${ofdRectangles([box])}</ofd:AbbreviatedData></ofd:PathObject>`);
    }
  }
  if (options.qr !== undefined) {
    // where the PDF stamp puts it: right of the seal (centred on the anchor), lower edges level; left when the right leaves the page
    const sealLeft = layout.anchor.x - SEAL_PT / 2;
    const right = sealLeft + SEAL_PT + GAP_PT;
    const qx = right + QR_PT <= layout.page[0] ? right : sealLeft - GAP_PT - QR_PT;
    const qTop = layout.anchor.y - SEAL_PT / 2 + QR_PT;
    objects.push(qrObjects(options.qr, [mm(qx), pageH - mm(qTop)], nextId));
  }
  const pageId = nextId();

  const docId = createHash('sha256').update(JSON.stringify([template, values, options.time.toISOString(), options.qr ?? null])).digest('hex').slice(0, 32);
  const files: Record<string, Uint8Array> = {
    'OFD.xml': xml(
      `<ofd:OFD xmlns:ofd="${NS}" Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocInfo><ofd:DocID>${docId}</ofd:DocID>` +
        `<ofd:Title>${esc(`${template.title.zh} ${values.documentNumber}`)}</ofd:Title><ofd:CreationDate>${chinaDateOf(options.time)}</ofd:CreationDate>` +
        `<ofd:Creator>sealdesk</ofd:Creator></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>`,
    ),
    'Doc_0/Document.xml': xml(
      `<ofd:Document xmlns:ofd="${NS}"><ofd:CommonData><ofd:PageArea><ofd:PhysicalBox>0 0 ${num(pageW)} ${num(pageH)}</ofd:PhysicalBox>` +
        `<ofd:ApplicationBox>0 0 ${num(pageW)} ${num(pageH)}</ofd:ApplicationBox></ofd:PageArea><ofd:PublicRes>PublicRes.xml</ofd:PublicRes>` +
        `<ofd:MaxUnitID>${lastId}</ofd:MaxUnitID></ofd:CommonData><ofd:Pages><ofd:Page ID="${pageId}" BaseLoc="Pages/Page_0/Content.xml"/></ofd:Pages></ofd:Document>`,
    ),
    'Doc_0/PublicRes.xml': xml(
      `<ofd:Res xmlns:ofd="${NS}" BaseLoc="Res"><ofd:Fonts>` +
        [...fonts.values()].map((f) => `<ofd:Font ID="${f.id}" FontName="${esc(f.postscriptName)}" FamilyName="${esc(f.family)}"><ofd:FontFile>${f.file}</ofd:FontFile></ofd:Font>`).join('') +
        `</ofd:Fonts></ofd:Res>`,
    ),
    'Doc_0/Pages/Page_0/Content.xml': xml(`<ofd:Page xmlns:ofd="${NS}"><ofd:Content><ofd:Layer ID="${layerId}">${objects.join('')}</ofd:Layer></ofd:Content></ofd:Page>`),
  };
  for (const f of fonts.values()) files[`Doc_0/Res/${f.file}`] = f.bytes;
  const ofd = Buffer.from(zipSync(files, { mtime: options.time, level: 6 }));
  return { ofd, documentNumber: values.documentNumber!, placement: { kind: 'text', text: layout.anchor.text }, anchor: { x: layout.anchor.x, y: layout.anchor.y } };
}
