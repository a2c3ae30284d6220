import { PDFName, type PDFRef } from '@cantoo/pdf-lib';
import type { PdfDocument } from './pdf-document.js';
import { pdfDate, textString } from './pdf-text.js';
import { HexZeros, RawToken } from './raw-token.js';
import { DEFAULT_CONTENTS_SIZE, type SignatureRequest } from './signature-request.js';

/** Fixed width so the real offsets can be written over it in place (10 digits: files up to 9.3 GB). */
export const BYTE_RANGE_PLACEHOLDER = '[0 0000000000 0000000000 0000000000]';

/**
 * The signature dictionary (§12.8.1; ETSI EN 319 142-1 for the PAdES entries) with a /ByteRange
 * placeholder and /Contents zeros of the requested size. A document timestamp is a
 * /DocTimeStamp without /M: its time is the token's.
 */
export function registerSignatureDictionary(doc: PdfDocument, request: SignatureRequest): PDFRef {
  const timestamp = request.subFilter === 'ETSI.RFC3161';
  const sig = doc.context.obj({
    Type: timestamp ? 'DocTimeStamp' : 'Sig',
    Filter: 'Adobe.PPKLite',
    SubFilter: request.subFilter ?? 'ETSI.CAdES.detached',
  });
  sig.set(PDFName.of('ByteRange'), new RawToken(BYTE_RANGE_PLACEHOLDER));
  sig.set(PDFName.of('Contents'), new HexZeros(request.contentsSize ?? DEFAULT_CONTENTS_SIZE));
  if (!timestamp) sig.set(PDFName.of('M'), pdfDate(request.signingTime ?? new Date()));
  const texts = [
    ['Name', request.name],
    ['Reason', request.reason],
    ['Location', request.location],
    ['ContactInfo', request.contactInfo],
  ] as const;
  for (const [key, value] of texts) if (value !== undefined) sig.set(PDFName.of(key), textString(value));
  return doc.context.register(sig);
}
