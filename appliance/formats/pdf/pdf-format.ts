import { openPdf } from '../../pdf/index.js';
import type { DocumentFormat, OpenDocumentOptions } from '../document-format.js';
import { PdfOpened } from './pdf-opened.js';

/** PDF readers accept the header anywhere in the first 1024 bytes (ISO 32000-2 §7.5.2 leaves junk before it to them). */
const PDF_HEADER = Buffer.from('%PDF-', 'latin1');

/** PDF, signed PAdES (CMS in /Contents over the byte ranges), as an incremental update. */
export const pdfFormat: DocumentFormat = {
  name: 'pdf',
  mediaType: 'application/pdf',
  extension: '.pdf',
  recognises: (head) => head.subarray(0, 1024).includes(PDF_HEADER),
  async open(path, options: OpenDocumentOptions = {}) {
    const pdf = await openPdf(path, options.bytes, options.limits ? { limits: options.limits } : {});
    return new PdfOpened(pdfFormat, pdf, path, options.findText);
  },
};
