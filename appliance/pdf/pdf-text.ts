import { PDFHexString, PDFString } from '@cantoo/pdf-lib';

/**
 * A PDF text string (§7.9.2.2): PDFDocEncoding-safe ASCII as a literal, anything else (CJK) as
 * UTF-16BE with a byte order mark, which pdf-lib's PDFHexString.fromText writes.
 */
export function textString(text: string): PDFString | PDFHexString {
  return /^[\x20-\x7e]*$/.test(text) && !/[()\\]/.test(text) ? PDFString.of(text) : PDFHexString.fromText(text);
}

/** A PDF date (§7.9.4) in UTC: D:YYYYMMDDHHmmSSZ. */
export function pdfDate(date: Date): PDFString {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return PDFString.of(
    `D:${p(date.getUTCFullYear(), 4)}${p(date.getUTCMonth() + 1)}${p(date.getUTCDate())}${p(date.getUTCHours())}${p(date.getUTCMinutes())}${p(date.getUTCSeconds())}Z`,
  );
}

