import { checkPageTree } from './page.js';
import { PdfDocument, type OpenOptions } from './pdf-document.js';

/**
 * Opens a PDF for stamping or reading (see PdfDocument.open for the errors). A file whose xref
 * had to be rebuilt is also checked page by page, so damage shows now as PDF_MALFORMED.
 * `bytes`: the whole file when the caller holds it already, so it is not read a second time.
 * `options.limits`: what the document may take (DOCUMENT_TOO_COMPLEX past it); the defaults
 * when absent.
 */
export async function openPdf(path: string, bytes?: Buffer, options: OpenOptions = {}): Promise<PdfDocument> {
  const doc = await PdfDocument.open(path, bytes, options);
  if (doc.repaired) {
    try {
      await checkPageTree(doc);
    } catch (error) {
      await doc.close();
      throw error;
    }
  }
  return doc;
}
