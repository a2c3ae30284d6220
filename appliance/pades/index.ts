// CMS / PAdES signatures for the PDF layer: build (B-B), timestamp (B-T), long-term material (B-LT, B-LTA), verify.
export { cmsHash, type HashName, type SignatureAlgorithm, type SignScheme } from './algorithms.js';
export { parseCertificate, parseCertificates, type ParsedCertificate } from './certificates.js';
export { buildSignedData, buildSignedDataCheckedLater, decodeSignedData, trimCms, type BuildSignedDataParameters, type BuildSignedDataReturnType, type SignedDataToCheck } from './signed-data.js';
export { requestTimestamp, type RequestTimestampOptions, type TimestampReply } from './timestamp-request.js';
export { addSignatureTimestamp } from './signature-timestamp.js';
export { buildDssContent, vriKey, type DssContent } from './dss.js';
export { buildDocumentTimestamp } from './document-timestamp.js';
export * from './verify/index.js';
