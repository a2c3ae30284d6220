/**
 * The verification report as the API returns it (JSON): the browser's copy of
 * appliance/pades/verify/report.ts (SignatureReport), appliance/verification/verify-pdf.ts
 * (StampVerificationReport: seal, modifications) and appliance/ledger/verify-on-chain.ts
 * (ChainVerificationReport: ledger findings). The pages talk HTTP only, so the shape is
 * restated here rather than imported; every field the server may omit is optional.
 */
import type { ApiErrorBody } from './errors.js';

export type VerificationStatus = 'valid' | 'invalid' | 'indeterminate';
export type CheckStatus = 'passed' | 'failed' | 'indeterminate' | 'skipped';

export interface CheckResult {
  check: string;
  status: CheckStatus;
  error?: ApiErrorBody;
  note?: string;
}

export interface SealSummary {
  id: string;
  name: string;
  type: string;
  organisation: { name: string; uscc: string };
  statusAtSigning?: string | null;
  status: string;
}

export interface ChainFindings {
  sealId: string | null;
  statusAtSigning: string | null;
  eventId: string | null;
  anchored: { blockNumber: number; anchoredAt: string; txHash: string; root: string; batchId: string; confirmations: number } | null;
}

export interface SignatureReport {
  index: number;
  fieldName?: string;
  kind: 'signature' | 'document-timestamp';
  subFilter?: string;
  status: VerificationStatus;
  level: string | null;
  coverage?: 'whole-document' | 'appended-after';
  appendedBytes?: number;
  signer?: { subject: string; issuer: string; serialNumber: string; sha256: string };
  /** The signature algorithm as sealdesk's table names it (sm2-sm3, ecdsa-sha256, …). */
  algorithm?: string;
  signingTime: { claimed?: string; timestamped?: string; usedForChecks: string; source: 'timestamp' | 'claimed' | 'verification-time' };
  checks: CheckResult[];
  seal?: SealSummary;
  modifications?: { updates: string[]; allowed: boolean; reason?: string };
  ledger?: ChainFindings;
  /** OFD only: appliance/pades/verify/report.ts OfdSignatureDetails. */
  ofd?: OfdDetails;
}

export interface OfdSealPicture {
  type: string;
  widthMm: number;
  heightMm: number;
  bytes: number;
  shown: 'image' | 'unsupported-type' | 'too-large';
  /** A PNG or JPEG data URL, when shown is 'image'. */
  dataUrl?: string;
}

export interface OfdDetails {
  signatureFile: string;
  id: string;
  type: string;
  provider?: string;
  references: { file: string; status: string }[];
  seal?: { esId: string; name: string; type: number; version: number; validStart: string; validEnd: string; picture: OfdSealPicture };
}

export interface VerificationReport {
  status: VerificationStatus;
  verifiedAt: string;
  file?: string;
  signatures: SignatureReport[];
  chain?: { rpcUrls: string[]; registry: string };
}

export function isVerificationReport(value: unknown): value is VerificationReport {
  return typeof value === 'object' && value !== null && 'status' in value && Array.isArray((value as { signatures?: unknown }).signatures);
}
