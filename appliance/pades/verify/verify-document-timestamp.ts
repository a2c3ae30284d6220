import { trimCms } from '../signed-data.js';
import { checkByteRange } from './byte-range.js';
import { subjectOf } from './chain.js';
import { failed, overall, passed } from './checks.js';
import type { SignatureReport } from './report.js';
import type { SignatureContext } from './verify-signature.js';
import type { SignatureEntry } from './signature-entry.js';
import { checkTimestamp } from './timestamp-check.js';

/** A document timestamp (/SubFilter ETSI.RFC3161): the token's imprint is the digest of the byte ranges. */
export function verifyDocumentTimestamp(file: Buffer, entry: SignatureEntry, index: number, context: SignatureContext): SignatureReport {
  const report: SignatureReport = {
    index,
    ...(entry.fieldName ? { fieldName: entry.fieldName } : {}),
    kind: 'document-timestamp',
    subFilter: 'ETSI.RFC3161',
    status: 'invalid',
    level: null,
    signingTime: { usedForChecks: context.now.toISOString(), source: 'verification-time' },
    checks: [],
  };
  const range = checkByteRange(file, entry);
  if (!range.ok) {
    report.checks.push(failed('byte-range', 'BYTE_RANGE_INVALID', { reason: range.reason, reasonZh: range.reasonZh }));
  } else {
    report.coverage = range.coverage;
    report.appendedBytes = range.appendedBytes;
    report.checks.push(passed('byte-range', range.coverage));
    let result: ReturnType<typeof checkTimestamp>;
    try {
      result = checkTimestamp(trimCms(entry.contents), range.signedBytes, context.anchors, context.pool);
    } catch (error) {
      result = { status: 'failed', reason: (error as Error).message };
    }
    if (result.status === 'passed') {
      report.signingTime = { timestamped: result.genTime.toISOString(), usedForChecks: result.genTime.toISOString(), source: 'timestamp' };
      report.checks.push(passed('timestamp', subjectOf(result.tsa)));
    } else {
      report.checks.push(failed('timestamp', 'TIMESTAMP_INVALID', { reason: result.reason, ...(result.reasonZh === undefined ? {} : { reasonZh: result.reasonZh }) }, result.status));
    }
  }
  report.status = overall(report.checks);
  return report;
}
