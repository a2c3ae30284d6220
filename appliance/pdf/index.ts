/**
 * The PDF layer for stamping: open a PDF lazily, describe its pages, add a signature as an
 * incremental update, hash its byte ranges, embed the CMS, list the signatures, find anchor text.
 */
export { openPdf } from './open-pdf.js';
export { PdfDocument, type OpenOptions } from './pdf-document.js';
export { page, pageCount, type Box, type PageInfo } from './page.js';
export { docMdpPermission } from './doc-mdp.js';
export { prepareSignature, type PreparedSignature } from './prepared-signature.js';
export {
  DEFAULT_CONTENTS_SIZE,
  type CrossPageSeal,
  type DigestAlgorithm,
  type SealImage,
  type SignatureRequest,
  type SignatureSubFilter,
} from './signature-request.js';
export { byteRangeDigest, type ByteRange } from './byte-range-digest.js';
export { addDss, type DssMaterial } from './add-dss.js';
export { signatureFields, type SignatureField, type SignatureWidget } from './signature-fields.js';
export { listSignatures, type SignatureInfo } from './signatures.js';
export { findText, type TextHit } from './find-text.js';
export { isPngPrepared, keepPreparedPng, preparePng, type PreparedPng } from './png-image.js';
export { outputError, PendingOutput, writeOutputWhole } from './atomic-output.js';
export type { ModuleGrid } from './module-grid.js';
