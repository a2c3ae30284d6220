/**
 * What every document format shares when it reads a document from outside: the limits (from
 * config.json `documents.limits`), one budget per opened document, bounded decompression.
 */
export { DocumentBudget, tooComplex, type CountedLimit, type ItemLimit, type LimitName } from './document-budget.js';
export { DEFAULT_DOCUMENT_LIMITS, documentLimits, documentLimitsIn, loadDocumentLimits, type DocumentLimits } from './document-limits.js';
export { inflateBounded, type InflateOptions } from './bounded-inflate.js';
