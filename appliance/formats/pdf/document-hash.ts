import type { PdfDocument } from '../../pdf/index.js';

/**
 * SHA-256 of the input, hex: the document hash of the seal event and the QR code. Read through
 * the opened document's file handle (a read stream of its own cost ~0.3 ms of set-up per
 * one-page document).
 */
export async function documentHash(doc: PdfDocument): Promise<string> {
  return (await doc.file.digest('sha256')).toString('hex');
}
