import { checkPageTree } from './page.js';
import { PdfDocument } from './pdf-document.js';

/**
 * Opens a PDF for stamping or reading (see PdfDocument.open for the errors). A file whose xref
 * had to be rebuilt is also checked page by page, so damage shows now as PDF_MALFORMED.
 */
export async function openPdf(path: string): Promise<PdfDocument> {
  const doc = await PdfDocument.open(path);
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
