import { parsePdfDate } from './pdf-date.js';
import type { SignatureEntry } from './signature-entry.js';

/** What the PDF layer's signature listing gives per signature (appliance/pdf listSignatures). */
export interface ListedSignature {
  readonly fieldName?: string;
  readonly byteRange: readonly [number, number, number, number];
  readonly contents: Buffer;
  readonly subFilter?: string | undefined;
  /** /M as written: D:YYYYMMDDHHmmSS… */
  readonly signingTime?: string | undefined;
}

export function signatureEntryOf(listed: ListedSignature): SignatureEntry {
  const claimedTime = listed.signingTime === undefined ? undefined : parsePdfDate(listed.signingTime);
  return {
    byteRange: listed.byteRange,
    contents: listed.contents,
    ...(listed.subFilter ? { subFilter: listed.subFilter } : {}),
    ...(claimedTime ? { claimedTime } : {}),
    ...(listed.fieldName ? { fieldName: listed.fieldName } : {}),
  };
}
