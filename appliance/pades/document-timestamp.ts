import type { HashName } from './algorithms.js';
import { requestTimestamp, type RequestTimestampOptions } from './timestamp-request.js';

/**
 * PAdES B-LTA: the /Contents of a document timestamp (/SubFilter ETSI.RFC3161) is the TSA's
 * TimeStampToken itself, over the digest of the timestamp's byte ranges (which cover the DSS).
 */
export async function buildDocumentTimestamp(digest: Buffer, hash: HashName, tsaUrl: string, options: RequestTimestampOptions = {}): Promise<Buffer> {
  return (await requestTimestamp(tsaUrl, digest, hash, options)).token;
}
