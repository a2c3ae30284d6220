import { createHash } from 'node:crypto';
import { PDFDocument, PDFHexString, rgb, type PDFFont } from '@cantoo/pdf-lib';
import type { Placement } from '../stamping/index.js';
import { cachedFontkit } from './cjk-fonts.js';
import type { loadFaces } from './certificate-fonts.js';
import type { CertificateData, CertificateOptions } from './certificate-values.js';
import type { DrawOp } from './layout-certificate.js';
import { layOutFor } from './lay-out-for.js';
import type { CertificateTemplate, FontName } from './template-schema.js';

export interface RenderOptions extends CertificateOptions {
  /** Default SEALDESK_FONT_DIR, else Debian's /usr/share/fonts/opentype/noto. */
  fontDir?: string;
}

export interface RenderedCertificate {
  pdf: Buffer;
  documentNumber: string;
  /** Where stampPdf puts the seal: centred on the template's anchor text (盖章处). */
  placement: Extract<Placement, { kind: 'text' }>;
  /** The anchor's centre on page 1, PDF points. */
  anchor: { x: number; y: number };
}

const BLACK = rgb(0, 0, 0);

/** Six capitals naming a subset (PDF 32000 9.6.4): derived from the text, so the same certificate gets the same tag. */
function subsetTag(postscriptName: string, texts: readonly string[]): string {
  const digest = createHash('sha256').update(postscriptName).update(texts.join('\n')).digest();
  return [...digest.subarray(0, 6)].map((b) => String.fromCharCode(65 + (b % 26))).join('');
}

async function embedFaces(doc: PDFDocument, ops: readonly DrawOp[], faces: Awaited<ReturnType<typeof loadFaces>>): Promise<Map<FontName, PDFFont>> {
  const embedded = new Map<FontName, PDFFont>();
  for (const [name, face] of faces) {
    const texts = ops.flatMap((op) => (op.op === 'text' && op.font === name ? [op.text] : []));
    if (texts.length === 0) continue;
    // Always a subset: a whole collection is 26 MB, and as FontFile3 it would not even be valid (a CFF stream holds one bare font).
    const font = await doc.embedFont(face.bytes, { subset: true, postscriptName: face.postscriptName, customName: `${subsetTag(face.postscriptName, texts)}+${face.postscriptName}` });
    embedded.set(name, font);
  }
  return embedded;
}

/**
 * A certificate as a one-page PDF: the template's blocks with the holder's data and the fields
 * filled in, in Noto CJK (subset), the anchor text where the seal will go. Deterministic: the
 * same template, data and time give the same bytes (dates from `time`, a trailer /ID and subset
 * tags from digests of the content), so tests and audits can compare certificates.
 */
export async function renderCertificate(template: CertificateTemplate, data: CertificateData, options: RenderOptions): Promise<RenderedCertificate> {
  const { values, faces, layout } = await layOutFor(template, data, options);

  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.registerFontkit(cachedFontkit);
  const fonts = await embedFaces(doc, layout.ops, faces);
  const page = doc.addPage([...layout.page]);
  for (const op of layout.ops) {
    if (op.op === 'text') page.drawText(op.text, { x: op.x, y: op.y, size: op.size, font: fonts.get(op.font)!, color: BLACK });
    else if (op.op === 'line') page.drawLine({ start: { x: op.from[0], y: op.from[1] }, end: { x: op.to[0], y: op.to[1] }, thickness: op.lineWidth, color: BLACK });
    else page.drawRectangle({ x: op.x, y: op.y, width: op.width, height: op.height, borderWidth: op.lineWidth, borderColor: BLACK });
  }

  // Metadata names the template and the number, never the holder.
  doc.setTitle(`${template.title.zh} ${values.documentNumber}`);
  doc.setLanguage('zh-CN');
  doc.setCreator('sealdesk');
  doc.setProducer('sealdesk');
  doc.setCreationDate(options.time);
  doc.setModificationDate(options.time);
  const id = createHash('sha256').update(JSON.stringify([template, values, options.time.toISOString()])).digest('hex').slice(0, 32);
  doc.context.trailerInfo.ID = doc.context.obj([PDFHexString.of(id), PDFHexString.of(id)]);

  const pdf = Buffer.from(await doc.save({ useObjectStreams: false }));
  return { pdf, documentNumber: values.documentNumber!, placement: { kind: 'text', text: layout.anchor.text }, anchor: { x: layout.anchor.x, y: layout.anchor.y } };
}
