/** Verification of stamped PDFs: the PAdES checks plus the seal registry and the changes after each signature. */
export { verifyPdf, type StampSignatureReport, type StampVerificationReport, type VerifyPdfOptions } from './verify-pdf.js';
export { stampReportText } from './report-text.js';
export { modificationsAfter, type Modifications, type UpdateKind } from './modifications.js';
export { readDss } from '../formats/pdf/read-dss.js';
export { defaultTrustAnchorPaths } from './trust.js';
