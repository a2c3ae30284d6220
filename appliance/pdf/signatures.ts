import { PDFArray, PDFDict, PDFHexString, PDFName, PDFNumber, PDFString, type PDFObject } from '@cantoo/pdf-lib';
import type { ByteRange } from './byte-range-digest.js';
import { hexStringBytes } from './object-parser.js';
import type { PdfDocument } from './pdf-document.js';

export interface SignatureInfo {
  /** Fully qualified field name (parent.child). */
  readonly fieldName: string;
  readonly byteRange: ByteRange;
  /** The CMS (or RFC 3161 token), without the zero padding of its placeholder. */
  readonly contents: Buffer;
  /** e.g. ETSI.CAdES.detached, adbe.pkcs7.detached, ETSI.RFC3161. */
  readonly subFilter: string | undefined;
  /** /M as written (D:…), when present. */
  readonly signingTime: string | undefined;
  readonly reason: string | undefined;
  readonly name: string | undefined;
  /**
   * Offset of the first byte after the signed ranges: the end of the revision it signs. (Counting
   * revisions by xref sections would be wrong for linearized files, which start with two.)
   */
  readonly revisionEnd: number;
  /** Bytes appended after the signed revision; 0 when the signature covers the whole file. */
  readonly bytesAfter: number;
}

/**
 * Every signature field with a value, in /Fields order, kids included (§12.7.4.5, §12.8.1).
 * A signature dictionary is read once and listed once, under the first field that holds it:
 * 300 fields sharing one /V are one signature, not 300 decodings of its /Contents. Signature
 * fields are spent from the budget's signatureFields, /Contents held to its signatureBytes.
 */
export async function listSignatures(doc: PdfDocument): Promise<SignatureInfo[]> {
  const form = await doc.get(await doc.catalog(), 'AcroForm', PDFDict);
  const fields = form && (await doc.get(form, 'Fields', PDFArray));
  const found: SignatureInfo[] = [];
  const seen = new Set<PDFObject>();
  const values = new Set<PDFDict>();
  const visit = async (item: PDFObject, parentName: string, inheritedType: PDFObject | undefined, depth: number): Promise<void> => {
    const field = await doc.resolve(item);
    if (!(field instanceof PDFDict) || seen.has(field) || depth > 32) return;
    seen.add(field);
    const partial = text(await doc.resolve(field.get(PDFName.of('T'))));
    const name = partial === undefined ? parentName : parentName ? `${parentName}.${partial}` : partial;
    const type = field.get(PDFName.of('FT')) ?? inheritedType;
    if (type === PDFName.of('Sig') && field.has(PDFName.of('V'))) doc.budget.spend('signatureFields');
    const value = type === PDFName.of('Sig') ? await doc.get(field, 'V', PDFDict) : undefined;
    if (value && !values.has(value)) {
      values.add(value);
      const info = await describe(doc, name, value);
      if (info) found.push(info);
    }
    const kids = await doc.get(field, 'Kids', PDFArray);
    for (const kid of kids?.asArray() ?? []) await visit(kid, name, type, depth + 1);
  };
  for (const item of fields?.asArray() ?? []) await visit(item, '', undefined, 0);
  return found;
}

async function describe(doc: PdfDocument, fieldName: string, sig: PDFDict): Promise<SignatureInfo | undefined> {
  const range = await doc.get(sig, 'ByteRange', PDFArray);
  const contents = await doc.resolve(sig.get(PDFName.of('Contents')));
  if (!range || range.size() !== 4 || !(contents instanceof PDFHexString || contents instanceof PDFString)) return undefined;
  // hex digits are two a byte: checked before a byte is decoded
  const size = contents instanceof PDFHexString ? Math.ceil(contents.asString().length / 2) : contents.asString().length;
  doc.budget.within('signatureBytes', size);
  const numbers = range.asArray().map((n) => (n instanceof PDFNumber ? n.asNumber() : NaN));
  if (numbers.some(Number.isNaN)) return undefined;
  const byteRange = numbers as unknown as ByteRange;
  const revisionEnd = byteRange[2] + byteRange[3];
  const subFilter = await doc.get(sig, 'SubFilter', PDFName);
  return {
    fieldName,
    byteRange,
    contents: withoutPadding(contents instanceof PDFHexString ? hexStringBytes(contents) : Buffer.from(contents.asBytes())),
    subFilter: subFilter?.decodeText(),
    signingTime: text(await doc.resolve(sig.get(PDFName.of('M')))),
    reason: text(await doc.resolve(sig.get(PDFName.of('Reason')))),
    name: text(await doc.resolve(sig.get(PDFName.of('Name')))),
    revisionEnd,
    bytesAfter: Math.max(0, doc.size - revisionEnd),
  };
}

function text(value: PDFObject | undefined): string | undefined {
  return value instanceof PDFString || value instanceof PDFHexString ? value.decodeText() : undefined;
}

/** Cuts a DER SEQUENCE to its own length; the rest of /Contents is placeholder zeros. */
function withoutPadding(bytes: Buffer): Buffer {
  if (bytes[0] !== 0x30 || bytes.length < 2) return bytes;
  const first = bytes[1]!;
  let length = first;
  let header = 2;
  if (first & 0x80) {
    const n = first & 0x7f;
    if (n === 0 || n > 4) return bytes;
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + (bytes[2 + i] ?? 0);
    header = 2 + n;
  }
  return header + length <= bytes.length ? bytes.subarray(0, header + length) : bytes;
}
