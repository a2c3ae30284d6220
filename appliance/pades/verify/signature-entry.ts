/** One signature dictionary of a PDF, as the PDF layer lists it. */
export interface SignatureEntry {
  /** [offset1, length1, offset2, length2] from /ByteRange. */
  byteRange: readonly [number, number, number, number];
  /** The decoded /Contents (the CMS, usually followed by zero padding). */
  contents: Buffer;
  /** /SubFilter: ETSI.CAdES.detached, adbe.pkcs7.detached or ETSI.RFC3161 (document timestamp). */
  subFilter?: string;
  /** /M, the claimed signing time. */
  claimedTime?: Date;
  /** The field's /T. */
  fieldName?: string;
}
