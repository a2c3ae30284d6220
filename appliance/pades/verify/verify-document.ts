import { createHash } from 'node:crypto';
import { parseCertificate, type ParsedCertificate } from '../certificates.js';
import type { DssContent } from '../dss.js';
import { parseCrl, revocationStatus } from './revocation.js';
import type { VerificationReport, VerificationStatus } from './report.js';
import type { SignatureEntry } from './signature-entry.js';
import { verifyDocumentTimestamp } from './verify-document-timestamp.js';
import { verifySignature, type SignatureContext, type SignatureOutcome } from './verify-signature.js';

export interface VerifyOptions {
  /** Configured trust anchors (loadTrustAnchors); nothing is trusted by default. */
  trustAnchors: ParsedCertificate[];
  /** CRLs (DER) supplied besides those in the DSS. */
  crls?: Buffer[];
  /** The document's /DSS content, as the PDF layer reads it. */
  dss?: DssContent;
  /** The verification time, for signatures without a timestamp or /M. */
  now?: Date;
  /** A certificate without a CRL makes the signature indeterminate (default: the check is skipped). */
  requireRevocation?: boolean;
}

/**
 * Verifies every signature entry of a PDF (oldest first) and reports, per signature, the
 * checks, the time the certificates were judged at and the PAdES level reached; the overall
 * status is invalid if any signature is, indeterminate if any could not be decided.
 */
export function verifyPdfSignatures(file: Buffer, entries: SignatureEntry[], options: VerifyOptions): VerificationReport {
  const now = options.now ?? new Date();
  const context: SignatureContext = {
    anchors: options.trustAnchors,
    pool: (options.dss?.certificates ?? []).map(parseCertificate),
    crls: [...(options.crls ?? []), ...(options.dss?.crls ?? [])].map(parseCrl),
    now,
    requireRevocation: options.requireRevocation ?? false,
  };
  const ordered = [...entries].sort((a, b) => a.byteRange[2] + a.byteRange[3] - (b.byteRange[2] + b.byteRange[3]));
  const outcomes: (SignatureOutcome | undefined)[] = [];
  const reports = ordered.map((entry, index) => {
    if (entry.subFilter === 'ETSI.RFC3161') {
      outcomes.push(undefined);
      return verifyDocumentTimestamp(file, entry, index, context);
    }
    const outcome = verifySignature(file, entry, index, context);
    outcomes.push(outcome);
    return outcome.report;
  });

  const dss = options.dss;
  outcomes.forEach((outcome, i) => {
    if (!outcome || outcome.report.level !== 'B-T' || !dss) return;
    if (!dssCovers(dss, [...outcome.chain, ...outcome.tsaChain], outcome.chain)) return;
    outcome.report.level = 'B-LT';
    // B-LTA: a valid document timestamp over a later revision (the one holding the DSS)
    const archived = reports.some((r, j) => j > i && r.kind === 'document-timestamp' && r.status === 'valid' && ordered[j]!.byteRange[2] + ordered[j]!.byteRange[3] > outcome.coveredEnd);
    if (archived) outcome.report.level = 'B-LTA';
  });

  return { status: worst(reports.map((r) => r.status)), verifiedAt: now.toISOString(), signatures: reports };
}

/** The DSS holds every certificate of the chains and, for each certificate below a root, a CRL from its issuer. */
function dssCovers(dss: DssContent, certificates: ParsedCertificate[], signerChain: ParsedCertificate[]): boolean {
  const held = new Set(dss.certificates.map(sha256));
  if (!certificates.every((c) => held.has(sha256(c.der)))) return false;
  const crls = dss.crls.map(parseCrl);
  for (let i = 0; i + 1 < signerChain.length; i++) {
    if (revocationStatus(signerChain[i]!, signerChain[i + 1]!, crls).status === 'unknown') return false;
  }
  return true;
}

function sha256(der: Buffer): string {
  return createHash('sha256').update(der).digest('hex');
}

function worst(statuses: VerificationStatus[]): VerificationStatus {
  if (statuses.length === 0) return 'indeterminate';
  if (statuses.includes('invalid')) return 'invalid';
  if (statuses.includes('indeterminate')) return 'indeterminate';
  return 'valid';
}
