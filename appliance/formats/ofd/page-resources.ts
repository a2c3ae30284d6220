import type { DocumentBudget } from '../../documents/index.js';
import { readXml, resolveLoc, type OfdStructure } from './ofd-package.js';
import { attribute, child, children, text, type XmlNode } from './safe-xml.js';
import type { ZipArchive } from './zip-archive.js';

/** A DrawParam as GB/T 33190 gives it: what a PathObject or TextObject inherits when it says nothing itself. */
export interface DrawParam {
  readonly relative?: string;
  readonly lineWidth?: number;
  readonly strokeColor?: XmlNode;
  readonly fillColor?: XmlNode;
}

/** What a page's objects name by ID: fonts (their family), images (their file in the package), draw parameters, templates. */
export interface PageResources {
  readonly fonts: ReadonlyMap<string, string>;
  readonly images: ReadonlyMap<string, string>;
  readonly drawParams: ReadonlyMap<string, DrawParam>;
  /** TemplatePage ID → its content file. */
  readonly templates: ReadonlyMap<string, string>;
}

/**
 * Reads one resource file (PublicRes.xml, DocumentRes.xml, a page's PageRes): its Fonts,
 * MultiMedias of Type Image and DrawParams; a MediaFile is found under the file's BaseLoc.
 */
function readResourceFile(archive: ZipArchive, file: string, budget: DocumentBudget, into: { fonts: Map<string, string>; images: Map<string, string>; drawParams: Map<string, DrawParam> }): void {
  if (!archive.has(file)) return;
  const res = child(readXml(archive, file, budget), 'Res');
  const base = attribute(res, 'BaseLoc');
  const folder = base ? `${resolveLoc(file, base)}/` : file.split('/').slice(0, -1).map((p) => `${p}/`).join('');
  for (const font of children(child(res, 'Fonts'), 'Font')) {
    const id = attribute(font, 'ID');
    if (id) into.fonts.set(id, attribute(font, 'FamilyName') ?? attribute(font, 'FontName') ?? '');
  }
  for (const media of children(child(res, 'MultiMedias'), 'MultiMedia')) {
    const id = attribute(media, 'ID');
    const name = text(child(media, 'MediaFile'));
    if (!id || !name || (attribute(media, 'Type') ?? 'Image') !== 'Image') continue;
    into.images.set(id, resolveLoc(`${folder}x`, name));
  }
  for (const param of children(child(res, 'DrawParams'), 'DrawParam')) {
    const id = attribute(param, 'ID');
    if (!id) continue;
    const lineWidth = Number(attribute(param, 'LineWidth'));
    const strokeColor = child(param, 'StrokeColor');
    const fillColor = child(param, 'FillColor');
    const relative = attribute(param, 'Relative');
    into.drawParams.set(id, {
      ...(relative ? { relative } : {}),
      ...(Number.isFinite(lineWidth) && attribute(param, 'LineWidth') !== undefined ? { lineWidth } : {}),
      ...(strokeColor ? { strokeColor } : {}),
      ...(fillColor ? { fillColor } : {}),
    });
  }
}

/** The document's resources (CommonData's PublicRes and DocumentRes) with a page's own (PageRes) over them. */
export function pageResources(archive: ZipArchive, structure: OfdStructure, page: XmlNode | undefined, pageFile: string, budget: DocumentBudget): PageResources {
  const into = { fonts: new Map<string, string>(), images: new Map<string, string>(), drawParams: new Map<string, DrawParam>() };
  const common = child(child(readXml(archive, structure.docRoot, budget), 'Document'), 'CommonData');
  for (const name of ['PublicRes', 'DocumentRes']) {
    for (const loc of children(common, name)) {
      const value = text(loc);
      if (value) readResourceFile(archive, resolveLoc(structure.docRoot, value), budget, into);
    }
  }
  for (const loc of children(page, 'PageRes')) {
    const value = text(loc);
    if (value) readResourceFile(archive, resolveLoc(pageFile, value), budget, into);
  }
  const templates = new Map<string, string>();
  for (const template of children(common, 'TemplatePage')) {
    const id = attribute(template, 'ID');
    const loc = attribute(template, 'BaseLoc');
    if (id && loc) templates.set(id, resolveLoc(structure.docRoot, loc));
  }
  return { ...into, templates };
}
