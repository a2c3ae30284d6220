/** Stamping: a seal from the registry, signed on its token, placed on a document (through its format), its seal event and audit entry kept. */
export { stampDocument, type StampAudit, type StampDeps, type StampEvents, type StampOutcome } from './stamp-document.js';
export { stampPdf, readySeal, prepareStamp, finishStamp, type PendingStamp, type ReadySeal } from './stamp-pdf.js';
export { stampBatch, pdfsIn, type BatchItem } from './stamp-batch.js';
export { newEventId } from './event-id.js';
export { verificationUrl, verifyBaseUrl, DEFAULT_VERIFY_URL } from './verify-url.js';
export { DEFAULT_SEAL_SIZE } from '../formats/index.js';
export type { CrossPageOption, Placement, StampContext, StampRequest, StampResult } from './stamp-request.js';
