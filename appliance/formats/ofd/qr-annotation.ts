import type { DocumentBudget } from '../../documents/index.js';
import type { ModuleGrid } from '../../pdf/index.js';
import { qrPathObjects } from './qr-path-objects.js';
import { readXml, resolveLoc, type MmBox, type OfdPage, type OfdStructure } from './ofd-package.js';
import { attribute, child, children, text } from './safe-xml.js';
import type { ZipArchive } from './zip-archive.js';

const NS = 'http://www.ofdspec.org/2016';
const num = (n: number): string => String(Math.round(n * 1000) / 1000);
const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const xml = (body: string): Buffer => Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n${body}`, 'utf8');

/** The Subtype sealdesk's QR 证照码 annotation carries: how a reader (and a test) finds it again. */
export const QR_ANNOT_SUBTYPE = 'sealdesk.QRCode';

/** The files a QR annotation changes (Document.xml, Annotations.xml, a page's annotation file) and adds. */
export interface QrAnnotationFiles {
  replaced: Map<string, Buffer>;
  added: Map<string, Buffer>;
}

/** The Annot: the QR's vector modules in its own square Appearance. */
function annot(ids: readonly [number, number, number], box: MmBox, grid: ModuleGrid, when: Date): string {
  const side = box[2];
  return (
    `<ofd:Annot ID="${ids[0]}" Type="Stamp" Subtype="${QR_ANNOT_SUBTYPE}" Creator="sealdesk" LastModDate="${when.toISOString().slice(0, 10)}" ReadOnly="true" NoRotate="true">` +
    `<ofd:Remark>证照码 / verification QR code</ofd:Remark>` +
    `<ofd:Appearance Boundary="${box.map(num).join(' ')}">` +
    qrPathObjects(grid, side, [0, 0], [ids[1], ids[2]]) +
    `</ofd:Appearance></ofd:Annot>`
  );
}

/** `insert` before the closing tag of the root element `name` (any prefix); undefined when there is none. */
function beforeClose(source: string, name: string, insert: (prefix: string) => string): string | undefined {
  const close = new RegExp(`</((?:[\\w.-]+:)?)${name}>\\s*$`).exec(source);
  if (!close) return undefined;
  return source.slice(0, close.index) + insert(close[1]!) + source.slice(close.index);
}

/** A name in `folder` not yet in the package: `${stem}${n}/Annotation.xml`. */
function freePageFile(archive: ZipArchive, folder: string, stem: string, from: number): string {
  for (let n = from; ; n++) {
    const name = `${folder}${stem}${n}/Annotation.xml`;
    if (!archive.has(name)) return name;
  }
}

/**
 * The QR 证照码 as an OFD annotation (GB/T 33190 §15): Document.xml names Annots/Annotations.xml
 * (made when absent), which names the page's annotation file (made, or extended when the page
 * has one), holding an Annot of vector modules at `box`; its IDs come after MaxUnitID, which is
 * raised. Written before Signature.xml is computed, so the stamp's references protect it.
 * Undefined when the document gives no MaxUnitID to number it from (a malformed CommonData):
 * then the stamp goes without its QR annotation rather than risk a clashing ID.
 */
export function qrAnnotation(archive: ZipArchive, structure: OfdStructure, budget: DocumentBudget, page: OfdPage, box: MmBox, grid: ModuleGrid, when: Date): QrAnnotationFiles | undefined {
  const docBytes = archive.read(structure.docRoot);
  if (!docBytes) return undefined;
  const document = child(readXml(archive, structure.docRoot, budget), 'Document');
  const maxUnit = Number(text(child(child(document, 'CommonData'), 'MaxUnitID')));
  if (!Number.isSafeInteger(maxUnit) || maxUnit < 0) return undefined;
  const ids = [maxUnit + 1, maxUnit + 2, maxUnit + 3] as const;
  let docXml = docBytes.toString('utf8').replace(/(<((?:[\w.-]+:)?)MaxUnitID>)[^<]*(<\/\2MaxUnitID>)/, `$1${ids[2]}$3`);
  const replaced = new Map<string, Buffer>();
  const added = new Map<string, Buffer>();
  const entry = annot(ids, box, grid, when);
  const annotsLoc = text(child(document, 'Annotations'));

  if (!annotsLoc) {
    const annotsFile = `${structure.docFolder}Annots/Annotations.xml`;
    if (archive.has(annotsFile)) return undefined;
    const pageFile = freePageFile(archive, `${structure.docFolder}Annots/`, 'Page_', page.number - 1);
    // the schema's order puts Annotations before CustomTags, Attachments and Extensions
    const later = /<((?:[\w.-]+:)?)(CustomTags|Attachments|Extensions)[\s>]/.exec(docXml);
    const element = (prefix: string) => `<${prefix}Annotations>Annots/Annotations.xml</${prefix}Annotations>`;
    const withAnnots = later ? docXml.slice(0, later.index) + element(later[1]!) + docXml.slice(later.index) : beforeClose(docXml, 'Document', element);
    if (withAnnots === undefined) return undefined;
    docXml = withAnnots;
    added.set(annotsFile, xml(`<ofd:Annotations xmlns:ofd="${NS}"><ofd:Page PageID="${esc(page.id)}"><ofd:FileLoc>${esc(pageFile.slice(annotsFile.lastIndexOf('/') + 1))}</ofd:FileLoc></ofd:Page></ofd:Annotations>`));
    added.set(pageFile, xml(`<ofd:PageAnnot xmlns:ofd="${NS}">${entry}</ofd:PageAnnot>`));
  } else {
    const annotsFile = resolveLoc(structure.docRoot, annotsLoc);
    const annotsBytes = archive.read(annotsFile);
    if (!annotsBytes) return undefined;
    const listed = children(child(readXml(archive, annotsFile, budget), 'Annotations'), 'Page').find((p) => attribute(p, 'PageID') === page.id);
    const listedLoc = text(child(listed, 'FileLoc'));
    const listedFile = listedLoc ? resolveLoc(annotsFile, listedLoc) : undefined;
    const existing = listedFile ? archive.read(listedFile) : undefined;
    if (listedFile && existing) {
      const extended = beforeClose(existing.toString('utf8'), 'PageAnnot', (prefix) => (prefix === 'ofd:' ? entry : entry.replace(/<(\/?)ofd:/g, `<$1${prefix}`)));
      if (extended === undefined) return undefined;
      replaced.set(listedFile, Buffer.from(extended, 'utf8'));
    } else {
      const folder = annotsFile.slice(0, annotsFile.lastIndexOf('/') + 1);
      const pageFile = freePageFile(archive, folder, 'Page_', page.number - 1);
      const withPage = beforeClose(annotsBytes.toString('utf8'), 'Annotations', (prefix) => `<${prefix}Page PageID="${esc(page.id)}"><${prefix}FileLoc>${esc(pageFile.slice(folder.length))}</${prefix}FileLoc></${prefix}Page>`);
      if (withPage === undefined) return undefined;
      replaced.set(annotsFile, Buffer.from(withPage, 'utf8'));
      added.set(pageFile, xml(`<ofd:PageAnnot xmlns:ofd="${NS}">${entry}</ofd:PageAnnot>`));
    }
  }
  replaced.set(structure.docRoot, Buffer.from(docXml, 'utf8'));
  return { replaced, added };
}
