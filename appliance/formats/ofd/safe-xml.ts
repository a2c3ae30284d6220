import { createHash } from 'node:crypto';
import { XMLParser } from 'fast-xml-parser';
import { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import type { DocumentBudget } from '../../documents/index.js';

/** An element as parsed: attributes under `@_Name`, text under `#text`, children by local name (arrays for REPEATED). */
export type XmlNode = { readonly [key: string]: XmlValue };
export type XmlValue = string | XmlNode | XmlNode[] | undefined;

/** Elements that may repeat in the parts sealdesk reads: always arrays, so one and many read alike. */
const REPEATED = new Set(['DocBody', 'Page', 'Layer', 'TextObject', 'TextCode', 'Signature', 'Reference', 'PageBlock', 'TemplatePage']);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  // no entity of any kind is expanded by the parser (the predefined ones are decoded below, by hand)
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  isArray: (name) => REPEATED.has(name),
});

const refused = (file: string, reason: string): SealdeskError => new SealdeskError('OFD_XML_REFUSED', { file, reason });

/**
 * Parses one XML part of the package: a DOCTYPE (and with it any entity declaration) is refused
 * before the parser sees the text, so nothing is ever expanded; nesting is counted first, against
 * nestingDepth, so a deep document never reaches the parser's recursion.
 */
export function parseXml(text: Buffer, file: string, budget: DocumentBudget): XmlNode {
  const key = text.length <= CACHED_XML_BYTES ? createHash('sha256').update(text).digest('base64') : undefined;
  const known = key === undefined ? undefined : parsedXml.get(key);
  if (known) {
    budget.within('nestingDepth', known.depth);
    return known.root;
  }
  const xml = text.toString('utf8');
  if (/<!DOCTYPE/i.test(xml)) throw refused(file, 'a DOCTYPE');
  if (/<!ENTITY/i.test(xml)) throw refused(file, 'an entity declaration');
  const depth = depthOf(xml);
  budget.within('nestingDepth', depth);
  try {
    const root = deepFreeze(parser.parse(xml, true) as XmlNode);
    if (key !== undefined) keep(key, root, depth, text.length);
    return root;
  } catch (error) {
    throw new SealdeskError('OFD_MALFORMED', { reason: `${file} is not well-formed XML: ${String((error as Error).message ?? error).split('\n')[0]}` });
  }
}

/**
 * A batch stamps the same document (a form, a certificate template) over and over, and parsing its
 * small XML parts was a third of an OFD stamp: a part's tree is kept by its SHA-256, frozen so no
 * caller can change what the next one reads. Small parts only, up to a total, oldest out first.
 */
const CACHED_XML_BYTES = 64 * 1024;
/** What the kept parts' text may add up to: a tree takes several times its text, and hostile uploads pass here too. */
const CACHED_XML_TOTAL = 1024 * 1024;
const parsedXml = new Map<string, { root: XmlNode; depth: number; bytes: number }>();
let cachedBytes = 0;

function keep(key: string, root: XmlNode, depth: number, bytes: number): void {
  while (cachedBytes + bytes > CACHED_XML_TOTAL && parsedXml.size > 0) {
    const [oldest, entry] = parsedXml.entries().next().value!;
    parsedXml.delete(oldest);
    cachedBytes -= entry.bytes;
  }
  parsedXml.set(key, { root, depth, bytes });
  cachedBytes += bytes;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** The deepest element nesting, from tags alone (comments, CDATA and processing instructions skipped). */
function depthOf(xml: string): number {
  let depth = 0;
  let deepest = 0;
  const tag = /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>|<(\/?)[^<>]*?(\/?)>/g;
  for (let m = tag.exec(xml); m; m = tag.exec(xml)) {
    if (m[0].startsWith('<!') || m[0].startsWith('<?')) continue;
    if (m[1]) depth--;
    else if (!m[2]) deepest = Math.max(deepest, ++depth);
    else deepest = Math.max(deepest, depth + 1);
  }
  return deepest;
}

const PREDEFINED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Text with XML's predefined and numeric character references decoded (nothing declared exists: DOCTYPE is refused). */
export function decodeText(value: string): string {
  return value.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g, (_, ref: string) => {
    if (ref.startsWith('#x')) return String.fromCodePoint(Number.parseInt(ref.slice(2), 16));
    if (ref.startsWith('#')) return String.fromCodePoint(Number.parseInt(ref.slice(1), 10));
    return PREDEFINED[ref]!;
  });
}

/** The child element `name` (the first, if repeated). */
export function child(node: XmlValue, name: string): XmlNode | undefined {
  if (!node || typeof node !== 'object' || Array.isArray(node)) return undefined;
  const value = node[name];
  if (Array.isArray(value)) return value[0];
  return typeof value === 'object' ? value : typeof value === 'string' ? { '#text': value } : undefined;
}

/** Every child element `name`. */
export function children(node: XmlValue, name: string): XmlNode[] {
  if (!node || typeof node !== 'object' || Array.isArray(node)) return [];
  const value = node[name];
  if (value === undefined) return [];
  const all = Array.isArray(value) ? value : [value];
  return all.map((v) => (typeof v === 'string' ? { '#text': v } : v));
}

/** An element's text (decoded, trimmed); undefined when absent or empty. */
export function text(node: XmlValue): string | undefined {
  if (node === undefined) return undefined;
  const raw = typeof node === 'string' ? node : Array.isArray(node) ? undefined : node['#text'];
  if (typeof raw !== 'string') return undefined;
  const decoded = decodeText(raw).trim();
  return decoded === '' ? undefined : decoded;
}

export function attribute(node: XmlNode | undefined, name: string): string | undefined {
  const value = node?.[`@_${name}`];
  return typeof value === 'string' ? decodeText(value) : undefined;
}
