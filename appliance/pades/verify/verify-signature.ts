import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import type { SignedData } from 'pkijs';
import { OID } from '../algorithms.js';
import type { ParsedCertificate } from '../certificates.js';
import { decodeSignedData, trimCms } from '../signed-data.js';
import { readSigningCertificateV2 } from '../signing-certificate-v2.js';
import { checkByteRange } from './byte-range.js';
import { buildChain, invalidAt, subjectOf } from './chain.js';
import { failed, overall, passed, skipped, type CheckResult } from './checks.js';
import { attributeValues, messageDigestMatches, signatureAlgorithmName, signatureVerifies, signerView, type SignerView } from './cms-signer.js';
import type { SignatureReport, SignerSummary } from './report.js';
import { revocationStatus, type ParsedCrl } from './revocation.js';
import type { SignatureEntry } from './signature-entry.js';
import { checkTimestamp } from './timestamp-check.js';

export interface SignatureContext {
  anchors: ParsedCertificate[];
  /** Certificates from the DSS, to build chains with. */
  pool: ParsedCertificate[];
  crls: ParsedCrl[];
  now: Date;
  requireRevocation: boolean;
}

/** What the document-level pass needs beyond the report: the chains, to judge B-LT. */
export interface SignatureOutcome {
  report: SignatureReport;
  /** The report is B-B or B-T material (baseline attributes, ETSI sub-filter). */
  baseline: boolean;
  timestamped: boolean;
  chain: ParsedCertificate[];
  tsaChain: ParsedCertificate[];
  /** End of the signed range: what a later document timestamp must reach past. */
  coveredEnd: number;
}

/** Checks one signature dictionary: byte range, CMS, certificate chain, revocation, timestamp. */
export function verifySignature(file: Buffer, entry: SignatureEntry, index: number, context: SignatureContext): SignatureOutcome {
  const claimed = entry.claimedTime;
  const report: SignatureReport = {
    index,
    ...(entry.fieldName ? { fieldName: entry.fieldName } : {}),
    kind: 'signature',
    ...(entry.subFilter ? { subFilter: entry.subFilter } : {}),
    status: 'invalid',
    level: null,
    signingTime: { ...(claimed ? { claimed: claimed.toISOString() } : {}), usedForChecks: (claimed ?? context.now).toISOString(), source: claimed ? 'claimed' : 'verification-time' },
    checks: [],
  };
  const outcome: SignatureOutcome = { report, baseline: false, timestamped: false, chain: [], tsaChain: [], coveredEnd: entry.byteRange[2] + entry.byteRange[3] };
  const checks = report.checks;
  const finish = (): SignatureOutcome => {
    report.status = overall(checks);
    return outcome;
  };

  const range = checkByteRange(file, entry);
  if (!range.ok) {
    checks.push(failed('byte-range', 'BYTE_RANGE_INVALID', { reason: range.reason, reasonZh: range.reasonZh }));
    return finish();
  }
  report.coverage = range.coverage;
  report.appendedBytes = range.appendedBytes;
  checks.push(passed('byte-range', range.coverage));

  let signedData: SignedData;
  try {
    signedData = decodeSignedData(trimCms(entry.contents));
  } catch (error) {
    checks.push(failed('cms-structure', 'CMS_MALFORMED', { reason: (error as Error).message }));
    return finish();
  }
  if (signedData.signerInfos.length !== 1) {
    checks.push(failed('cms-structure', 'CMS_MALFORMED', { reason: `${signedData.signerInfos.length} SignerInfos, PAdES allows exactly one`, reasonZh: `签名中有 ${signedData.signerInfos.length} 个 SignerInfo，PAdES 只允许一个` }));
    return finish();
  }
  const view = signerView(signedData, context.pool);
  if (!view.signer) {
    checks.push(failed('cms-structure', 'CMS_MALFORMED', { reason: 'the signer certificate is not in the signature', reasonZh: '签名中没有签名者证书' }));
    return finish();
  }
  const signer = view.signer;
  report.signer = summary(signer);
  const notBaseline = baselineProblems(view, entry.subFilter);
  outcome.baseline = notBaseline.length === 0;
  checks.push(passed('cms-structure', outcome.baseline ? 'PAdES baseline attributes' : `not PAdES baseline: ${notBaseline.join('; ')}`));

  checks.push(messageDigestMatches(view, range.signedBytes) ? passed('message-digest') : failed('message-digest', 'DIGEST_MISMATCH'));
  report.algorithm = signatureAlgorithmName(view);
  checks.push(signatureVerifies(view) ? passed('signature', report.algorithm) : failed('signature', 'SIGNATURE_INVALID'));
  checks.push(signingCertificateCheck(view, signer));

  // the signature timestamp: over the SignerInfo's signature value (RFC 3161 appendix A)
  const tokens = attributeValues(view.signerInfo, OID.signatureTimeStampToken, true);
  let time = claimed ?? context.now;
  let timeFromTimestamp = false;
  if (tokens.length === 0) {
    checks.push(skipped('timestamp', 'no signature timestamp'));
  } else {
    const token = tokens[0]![0]!;
    const signatureValue = Buffer.from(view.signerInfo.signature.valueBlock.valueHexView);
    const result = checkTimestamp(new Uint8Array(token.toBER(false)), [signatureValue], context.anchors, [...view.certificates, ...context.pool]);
    if (result.status === 'passed') {
      time = result.genTime;
      timeFromTimestamp = true;
      outcome.timestamped = true;
      outcome.tsaChain = result.chain;
      report.signingTime = { ...report.signingTime, timestamped: time.toISOString(), usedForChecks: time.toISOString(), source: 'timestamp' };
      checks.push(passed('timestamp', subjectOf(result.tsa)));
    } else {
      checks.push(failed('timestamp', 'TIMESTAMP_INVALID', { reason: result.reason, ...(result.reasonZh === undefined ? {} : { reasonZh: result.reasonZh }) }, result.status));
    }
  }

  const { chain, anchored } = buildChain(signer, [...view.certificates, ...context.pool], context.anchors);
  outcome.chain = chain;
  checks.push(anchored ? passed('chain', chain.map(subjectOf).join(' → ')) : failed('chain', 'CERT_UNTRUSTED', { subject: subjectOf(chain.at(-1)!) }, 'indeterminate'));
  const expired = invalidAt(chain, time);
  checks.push(expired ? failed('validity', 'CERT_NOT_VALID_AT_TIME', { subject: subjectOf(expired), time: time.toISOString() }) : passed('validity'));
  checks.push(revocationCheck(chain, context, time, timeFromTimestamp));
  finish();
  if (report.status !== 'invalid' && outcome.baseline) report.level = outcome.timestamped ? 'B-T' : 'B-B';
  return outcome;
}

function summary(certificate: ParsedCertificate): SignerSummary {
  return {
    subject: subjectOf(certificate),
    issuer: certificate.node.issuer.split('\n').reverse().join(', '),
    serialNumber: certificate.node.serialNumber,
    sha256: createHash('sha256').update(certificate.der).digest('hex'),
  };
}

/** Why the signature is not a PAdES baseline one (empty when it is). */
function baselineProblems(view: SignerView, subFilter: string | undefined): string[] {
  const problems: string[] = [];
  if (subFilter !== undefined && subFilter !== 'ETSI.CAdES.detached') problems.push(`sub-filter ${subFilter}`);
  const contentType = attributeValues(view.signerInfo, OID.contentType);
  const value = contentType[0]?.[0];
  if (contentType.length !== 1 || !(value instanceof asn1js.ObjectIdentifier) || value.valueBlock.toString() !== OID.data) problems.push('content-type is not id-data');
  if (attributeValues(view.signerInfo, OID.messageDigest).length !== 1) problems.push('not exactly one message-digest');
  if (attributeValues(view.signerInfo, OID.signingCertificateV2).length + attributeValues(view.signerInfo, OID.signingCertificate).length !== 1) {
    problems.push('not exactly one signing-certificate(-v2)');
  }
  if (attributeValues(view.signerInfo, OID.signingTime).length > 0) problems.push('has a signing-time attribute');
  if (view.signedData.encapContentInfo.eContent) problems.push('not detached');
  return problems;
}

function signingCertificateCheck(view: SignerView, signer: ParsedCertificate): CheckResult {
  const values = attributeValues(view.signerInfo, OID.signingCertificateV2);
  if (values.length === 0) return skipped('signing-certificate', 'no signing-certificate-v2 attribute');
  try {
    const first = readSigningCertificateV2(values[0]![0]!)[0];
    if (!first?.hash) return failed('signing-certificate', 'SIGNING_CERT_MISMATCH');
    const expected = createHash(first.hash).update(signer.der).digest();
    return first.certHash.equals(expected) ? passed('signing-certificate') : failed('signing-certificate', 'SIGNING_CERT_MISMATCH');
  } catch (error) {
    return failed('signing-certificate', 'CMS_MALFORMED', { reason: (error as Error).message });
  }
}

/**
 * Each certificate below the anchor against the CRLs at hand. A revocation after the signing
 * time leaves the signature valid only when a timestamp proves that time; a claimed /M proves
 * nothing.
 */
function revocationCheck(chain: ParsedCertificate[], context: SignatureContext, time: Date, timeFromTimestamp: boolean): CheckResult {
  let unknown = 0;
  for (let i = 0; i + 1 < chain.length; i++) {
    const certificate = chain[i]!;
    const status = revocationStatus(certificate, chain[i + 1]!, context.crls);
    if (status.status === 'unknown') unknown++;
    if (status.status === 'revoked' && (status.at <= time || !timeFromTimestamp)) {
      return failed('revocation', 'CERT_REVOKED', { subject: subjectOf(certificate), time: status.at.toISOString() });
    }
  }
  if (chain.length < 2) return skipped('revocation', 'no issuer to check against');
  if (unknown === 0) return passed('revocation', 'CRL');
  const note = `${unknown} certificate(s) without a CRL`;
  return context.requireRevocation ? { check: 'revocation', status: 'indeterminate', note } : skipped('revocation', note);
}
