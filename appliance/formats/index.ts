/**
 * The document-format seam: what stamping, the service's uploads and the ledger's stamp index
 * ask of a document, whatever its format. PDF is the first implementation (pdf/); a format is
 * one folder and one entry in FORMATS.
 */
export type {
  CrossPageOption,
  DocumentFormat,
  DocumentSigner,
  EmbeddedSignature,
  OpenDocumentOptions,
  OpenedDocument,
  PageDescription,
  PendingSignature,
  Placement,
  PlacedSeal,
  SealAppearance,
  SignatureLevel,
  SignatureSpec,
  SignatureTrust,
  TextFinder,
} from './document-format.js';
export { FORMATS, HEAD_BYTES, formatOf, headOf, openDocument } from './format-registry.js';
export { DEFAULT_SEAL_SIZE } from './pdf/placement.js';
export { renderOfdPageSvg } from './ofd/page-svg.js';
export { ofdRectangles, qrPathObjects } from './ofd/qr-path-objects.js';
