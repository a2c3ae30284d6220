import { readFile } from 'node:fs/promises';
import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';
import { loadDocumentLimits, type DocumentLimits } from '../documents/index.js';
import { loadTrustAnchors, signatureEntryOf, verifyPdfSignatures, type SignatureReport, type VerificationReport, type VerificationStatus } from '../pades/index.js';
import { failed, overall, passed } from '../pades/verify/checks.js';
import { docMdpPermission, listSignatures, openPdf, type SignatureInfo } from '../pdf/index.js';
import { SealRegistry } from '../seals/registry/seal-registry.js';
import { modificationsAfter, type Modifications } from './modifications.js';
import { readDss } from '../formats/pdf/read-dss.js';
import { formatOf, HEAD_BYTES, openDocument } from '../formats/index.js';
import { sealOfSigner, type SealSummary } from './seal-of-signature.js';
import { defaultCrls, defaultTrustAnchorPaths } from './trust.js';

export interface VerifyPdfOptions {
  /** SEALDESK_HOME: the dev CA root, configured anchors, the CA's CRL and the seal registry come from here. */
  home?: string;
  /** PEM files trusted besides the defaults (e.g. the TSA's root). */
  trustAnchors?: string[];
  /** CRL files (DER) besides the dev CA's. */
  crls?: string[];
  now?: Date;
  /**
   * An open seal registry to read the seals from instead of opening (and closing) the one under
   * `home` on every call, ~0.6 ms: for a caller that verifies many documents. The caller closes it.
   */
  registry?: SealRegistry;
  /** What the document may take (DOCUMENT_TOO_COMPLEX past it); default config.json `documents.limits` under home. */
  limits?: DocumentLimits;
}

export interface StampSignatureReport extends SignatureReport {
  seal?: SealSummary;
  modifications?: Modifications;
}

export interface StampVerificationReport extends VerificationReport {
  file: string;
  signatures: StampSignatureReport[];
}

/**
 * Verifies every signature of a PDF (pades), then adds what this terminal knows: the seal
 * and its status when the document was stamped (SEAL_REVOKED / SEAL_SUSPENDED void the
 * signature), and whether what was appended after each signature is an allowed change.
 */
export async function verifyPdf(path: string, options: VerifyPdfOptions = {}): Promise<StampVerificationReport> {
  const file = await readFile(path).catch((error: unknown) => {
    throw new SealdeskError('FILE_NOT_FOUND', { path }, { cause: error });
  });
  const limits = options.limits ?? loadDocumentLimits(options.home);
  if (formatOf(file.subarray(0, HEAD_BYTES)).name !== 'pdf') return verifyOtherFormat(path, file, limits, options);
  const doc = await openPdf(path, file, { limits });
  let listed: SignatureInfo[];
  let dss;
  let docMdp;
  try {
    listed = await listSignatures(doc);
    dss = await readDss(doc);
    docMdp = await docMdpPermission(doc);
  } finally {
    await doc.close();
  }
  const home = options.home;
  const anchors = await loadTrustAnchors([...(home ? defaultTrustAnchorPaths(home) : []), ...(options.trustAnchors ?? [])]);
  const crls = [...(home ? defaultCrls(home) : []), ...(await Promise.all((options.crls ?? []).map((p) => readFile(p))))];
  const report = verifyPdfSignatures(file, listed.map(signatureEntryOf), {
    trustAnchors: anchors,
    crls,
    ...(dss ? { dss } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  // verifyPdfSignatures reports oldest first: the same order as the revisions they end
  const ordered = [...listed].sort((a, b) => a.revisionEnd - b.revisionEnd);
  const registry = options.registry ?? (home ? SealRegistry.open(home) : undefined);
  try {
    const signatures = report.signatures.map((s, i) => enrich(s, ordered[i], ordered, file, docMdp, registry));
    return { ...report, file: path, status: worst(signatures.map((s) => s.status)), signatures };
  } finally {
    if (registry !== options.registry) registry?.close();
  }
}

/**
 * A document in another format (OFD) through the seam: its own checks of every signature, then the
 * seal's status at signing as for PDF. OFD has no incremental updates, so no modifications check:
 * a changed file is named by the signature's references.
 */
async function verifyOtherFormat(path: string, file: Buffer, limits: DocumentLimits, options: VerifyPdfOptions): Promise<StampVerificationReport> {
  const home = options.home;
  const anchors = await loadTrustAnchors([...(home ? defaultTrustAnchorPaths(home) : []), ...(options.trustAnchors ?? [])]);
  const crls = [...(home ? defaultCrls(home) : []), ...(await Promise.all((options.crls ?? []).map((p) => readFile(p))))];
  const doc = await openDocument(path, { bytes: file, limits });
  let report: VerificationReport;
  try {
    report = await doc.verifySignatures({ trustAnchors: anchors, crls, ...(options.now ? { now: options.now } : {}) });
  } finally {
    await doc.close();
  }
  const registry = options.registry ?? (home ? SealRegistry.open(home) : undefined);
  try {
    const signatures = report.signatures.map((s) => enrich(s, undefined, [], file, undefined, registry));
    return { ...report, file: path, status: worst(signatures.map((s) => s.status)), signatures };
  } finally {
    if (registry !== options.registry) registry?.close();
  }
}

function enrich(
  report: SignatureReport,
  info: SignatureInfo | undefined,
  all: SignatureInfo[],
  file: Buffer,
  docMdp: 1 | 2 | 3 | undefined,
  registry: SealRegistry | undefined,
): StampSignatureReport {
  const out: StampSignatureReport = { ...report, checks: [...report.checks] };
  if (info && info.bytesAfter > 0) {
    out.modifications = modificationsAfter(file, info, all, docMdp);
    out.checks.push(
      out.modifications.allowed
        ? passed('modifications', out.modifications.updates.join(', '))
        : failed('modifications', 'CHANGE_NOT_ALLOWED', { reason: out.modifications.reason ?? '' }),
    );
  }
  const seal = registry && report.signer ? sealOfSigner(registry, report.signer.sha256, new Date(report.signingTime.usedForChecks)) : undefined;
  if (seal) {
    out.seal = seal;
    if (seal.statusAtSigning === 'revoked') out.checks.push(failed('seal-status', 'SEAL_REVOKED', { seal: seal.id }));
    else if (seal.statusAtSigning === 'suspended') out.checks.push(failed('seal-status', 'SEAL_SUSPENDED', { seal: seal.id }));
    else out.checks.push(passed('seal-status', seal.statusAtSigning ?? 'unknown'));
  }
  const status = overall(out.checks);
  // never better than pades judged it (e.g. an invalid level stays), only worse
  out.status = worst([report.status, status]);
  if (out.status === 'invalid') out.level = null;
  return out;
}

function worst(statuses: VerificationStatus[]): VerificationStatus {
  if (statuses.length === 0) return 'indeterminate';
  if (statuses.includes('invalid')) return 'invalid';
  if (statuses.includes('indeterminate')) return 'indeterminate';
  return 'valid';
}
