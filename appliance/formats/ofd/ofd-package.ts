import { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import type { DocumentBudget } from '../../documents/index.js';
import { attribute, child, children, parseXml, text, type XmlNode } from './safe-xml.js';
import { malformed, type ZipArchive } from './zip-archive.js';

/** Millimetres (OFD's unit) to points (the seam's). */
export const MM_TO_PT = 72 / 25.4;

/** x, y, width, height in mm, origin top left (OFD's ST_Box). */
export type MmBox = readonly [number, number, number, number];

export interface OfdPage {
  /** 1-based, in document order. */
  readonly number: number;
  readonly id: string;
  /** The page's content file in the package. */
  readonly file: string;
}

/** What sealdesk reads of an OFD: the first document's root, its pages, its signature list. */
export interface OfdStructure {
  readonly docRoot: string;
  /** The document's folder, with its slash: 'Doc_0/'. */
  readonly docFolder: string;
  readonly pages: readonly OfdPage[];
  /** The document's PageArea PhysicalBox, for pages without their own. */
  readonly documentBox?: string;
  /** Signatures.xml in the package, when OFD.xml names one. */
  readonly signaturesFile?: string;
}

/**
 * A location (ST_Loc) from the file `from` as a name in the package: absolute from the package
 * root when it starts with '/', else relative to `from`'s folder; OFD_MALFORMED when it leaves the package.
 */
export function resolveLoc(from: string, loc: string): string {
  const base = loc.startsWith('/') ? [] : from.split('/').slice(0, -1);
  for (const part of loc.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (base.length === 0) throw malformed(`the location ${loc} leaves the package`);
      base.pop();
    } else base.push(part);
  }
  return base.join('/');
}

export function readXml(archive: ZipArchive, name: string, budget: DocumentBudget): XmlNode {
  const bytes = archive.read(name);
  if (!bytes) throw malformed(`${name} is missing`);
  return parseXml(bytes, name, budget);
}

/** An ST_Box; a page's must have an area, an object's may be empty (a zero-height TextObject is common). */
export function parseBox(value: string | undefined, what: string, allowEmpty = false): MmBox {
  const numbers = (value ?? '').trim().split(/[\s,]+/).map(Number);
  const empty = numbers[2]! <= 0 || numbers[3]! <= 0;
  if (numbers.length !== 4 || numbers.some((n) => !Number.isFinite(n)) || (empty && !allowEmpty)) throw malformed(`${what} is not a box: ${value ?? '(absent)'}`);
  return numbers as unknown as MmBox;
}

/** OFD.xml → DocBody → DocRoot → Document.xml → Pages, each page's PhysicalBox (its own, or the document's). */
export function readStructure(archive: ZipArchive, budget: DocumentBudget): OfdStructure {
  if (!archive.has('OFD.xml')) throw new SealdeskError('DOCUMENT_FORMAT_UNSUPPORTED', { formats: 'PDF, OFD' });
  const ofd = child(readXml(archive, 'OFD.xml', budget), 'OFD');
  const body = children(ofd, 'DocBody')[0];
  const rootLoc = text(child(body, 'DocRoot'));
  if (!rootLoc) throw malformed('OFD.xml names no DocRoot');
  const docRoot = resolveLoc('OFD.xml', rootLoc);
  const signaturesLoc = text(child(body, 'Signatures'));
  const document = child(readXml(archive, docRoot, budget), 'Document');
  const common = child(document, 'CommonData');
  const docBoxText = text(child(child(common, 'PageArea'), 'PhysicalBox'));
  const pages: OfdPage[] = [];
  for (const entry of children(child(document, 'Pages'), 'Page')) {
    budget.spend('pages');
    const loc = attribute(entry, 'BaseLoc');
    if (!loc) throw malformed(`a page of ${docRoot} has no BaseLoc`);
    const number = pages.length + 1;
    pages.push({ number, id: attribute(entry, 'ID') ?? String(number), file: resolveLoc(docRoot, loc) });
  }
  return {
    docRoot,
    docFolder: docRoot.split('/').slice(0, -1).join('/') + '/',
    pages,
    ...(docBoxText ? { documentBox: docBoxText } : {}),
    ...(signaturesLoc ? { signaturesFile: resolveLoc('OFD.xml', signaturesLoc) } : {}),
  };
}

/** A page's PhysicalBox: its own Area's, else the document's PageArea. Read when asked: a page file is parsed only by what needs it. */
export function pageBox(archive: ZipArchive, structure: OfdStructure, page: OfdPage, budget: DocumentBudget): MmBox {
  const content = child(readXml(archive, page.file, budget), 'Page');
  const own = text(child(child(content, 'Area'), 'PhysicalBox'));
  return parseBox(own ?? structure.documentBox, `the PhysicalBox of ${page.file}`);
}
