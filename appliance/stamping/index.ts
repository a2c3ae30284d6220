/** Stamping: a seal from the registry, signed on its token, placed on a PDF as a PAdES signature. */
export { stampPdf, readySeal, prepareStamp, finishStamp, type PendingStamp, type ReadySeal } from './stamp-pdf.js';
export { stampBatch, pdfsIn, type BatchItem } from './stamp-batch.js';
export { newEventId } from './event-id.js';
export { verificationUrl, verifyBaseUrl, DEFAULT_VERIFY_URL } from './verify-url.js';
export { DEFAULT_SEAL_SIZE } from './placement.js';
export type { CrossPageOption, Placement, StampContext, StampRequest, StampResult } from './stamp-request.js';
