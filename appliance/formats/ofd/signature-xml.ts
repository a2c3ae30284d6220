import type { MmBox } from './ofd-package.js';
import { malformed } from './zip-archive.js';

const NS = 'http://www.ofdspec.org/2016';

/** ST_Loc attribute and text values: & < > " escaped. */
function esc(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const num = (n: number): string => String(Math.round(n * 1000) / 1000);

/** "yyyy-MM-dd HH:mm:ss" in UTC, as ofdrw writes SignatureDateTime. */
export function signatureDateTime(time: Date): string {
  return time.toISOString().slice(0, 19).replace('T', ' ');
}

export interface SignatureXmlInput {
  /** Absolute locations ('/Doc_0/Signs/Sign_0/…'). */
  signedValueLoc: string;
  sealLoc: string;
  time: Date;
  /** Every protected file: its absolute location and base64 SM3. */
  references: readonly { loc: string; checkValue: string }[];
  /** The seal's StampAnnots: the visible seal, then a 骑缝章's slices (each with its Clip). */
  stampAnnots: readonly { id: string; pageId: string; boundary: MmBox; clip?: MmBox }[];
}

const box = ([x, y, w, h]: MmBox): string => `${num(x)} ${num(y)} ${num(w)} ${num(h)}`;

/**
 * Signature.xml of one e-seal signature (GB/T 33190 §18.2, GB/T 38540 §8): SignedInfo with
 * sealdesk as Provider, SM3withSM2, the time, the seal's location, its stamp on a page, and an SM3
 * check value for every protected file — the same shape ofdrw writes, elements in the schema's order.
 */
export function signatureXml(input: SignatureXmlInput): Buffer {
  const references = input.references.map((r) => `<ofd:Reference FileRef="${esc(r.loc)}"><ofd:CheckValue>${r.checkValue}</ofd:CheckValue></ofd:Reference>`).join('');
  return Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?>\n<ofd:Signature xmlns:ofd="${NS}"><ofd:SignedInfo>` +
      `<ofd:Provider ProviderName="sealdesk" Company="sealdesk" Version="1.0"/>` +
      `<ofd:SignatureMethod>1.2.156.10197.1.501</ofd:SignatureMethod>` +
      `<ofd:SignatureDateTime>${signatureDateTime(input.time)}</ofd:SignatureDateTime>` +
      `<ofd:References CheckMethod="1.2.156.10197.1.401">${references}</ofd:References>` +
      input.stampAnnots.map((a) => `<ofd:StampAnnot ID="${esc(a.id)}" PageRef="${esc(a.pageId)}" Boundary="${box(a.boundary)}"${a.clip ? ` Clip="${box(a.clip)}"` : ''}/>`).join('') +
      `<ofd:Seal><ofd:BaseLoc>${esc(input.sealLoc)}</ofd:BaseLoc></ofd:Seal>` +
      `</ofd:SignedInfo><ofd:SignedValue>${esc(input.signedValueLoc)}</ofd:SignedValue></ofd:Signature>`,
    'utf8',
  );
}

/** A new Signatures.xml holding one signature; MaxSignId the last ID it or its StampAnnots took. */
export function newSignaturesXml(id: string, baseLoc: string, maxSignId = id): Buffer {
  return Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n<ofd:Signatures xmlns:ofd="${NS}"><ofd:MaxSignId>${esc(maxSignId)}</ofd:MaxSignId><ofd:Signature ID="${esc(id)}" Type="Seal" BaseLoc="${esc(baseLoc)}"/></ofd:Signatures>`, 'utf8');
}

/**
 * An existing Signatures.xml with one more signature: the text is kept as it was (other
 * signatures' entries untouched), the new entry goes before the closing tag, MaxSignId is raised.
 */
export function extendSignaturesXml(existing: Buffer, id: string, baseLoc: string, maxSignId = id): Buffer {
  const xml = existing.toString('utf8');
  const close = /<\/((?:[\w.-]+:)?)Signatures>\s*$/.exec(xml);
  if (!close) throw malformed('Signatures.xml has no closing Signatures tag');
  const prefix = close[1]!;
  const entry = `<${prefix}Signature ID="${esc(id)}" Type="Seal" BaseLoc="${esc(baseLoc)}"/>`;
  let out = xml.slice(0, close.index) + entry + xml.slice(close.index);
  const max = new RegExp(`(<${prefix}MaxSignId>)[^<]*(</${prefix}MaxSignId>)`);
  out = max.test(out) ? out.replace(max, `$1${esc(maxSignId)}$2`) : out;
  return Buffer.from(out, 'utf8');
}

/** OFD.xml naming `signaturesLoc` in its (first) DocBody, the rest of its text as it was. */
export function ofdXmlWithSignatures(existing: Buffer, signaturesLoc: string): Buffer {
  const xml = existing.toString('utf8');
  const close = /<\/((?:[\w.-]+:)?)DocBody>/.exec(xml);
  if (!close) throw malformed('OFD.xml has no DocBody');
  const prefix = close[1]!;
  return Buffer.from(`${xml.slice(0, close.index)}<${prefix}Signatures>${esc(signaturesLoc)}</${prefix}Signatures>${xml.slice(close.index)}`, 'utf8');
}
