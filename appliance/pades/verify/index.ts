export { loadTrustAnchors } from './trust-anchors.js';
export { verifyPdfSignatures, type VerifyOptions } from './verify-document.js';
export { reportText, type Language } from './report-text.js';
export type { SignatureEntry } from './signature-entry.js';
export { signatureEntryOf, type ListedSignature } from './from-pdf-signature.js';
export { parsePdfDate } from './pdf-date.js';
export type { CheckName, CheckResult, CheckStatus } from './checks.js';
export type { OfdReferenceResult, OfdSignatureDetails, PadesLevel, SignatureReport, SignerSummary, VerificationReport, VerificationStatus } from './report.js';
