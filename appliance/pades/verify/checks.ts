import { SealdeskError, type ErrorBody } from '../../../firmware-bridge/errors/sealdesk-error.js';
import type { ErrorCode } from '../../../firmware-bridge/errors/catalogue.js';

export type CheckName = 'seal-status' | 'modifications' | 'byte-range' | 'cms-structure' | 'message-digest' | 'signature' | 'signing-certificate' | 'chain' | 'validity' | 'revocation' | 'timestamp'
  // OFD (GB/T 38540 e-seal signatures): the package's signature files, each protected file, Signature.xml's hash in the signed value, the seal
  | 'ofd-structure' | 'references' | 'data-hash' | 'seal' | 'seal-validity';
export type CheckStatus = 'passed' | 'failed' | 'indeterminate' | 'skipped';

/** One check on one signature; a failed or indeterminate check carries the catalogue error a clerk reads. */
export interface CheckResult {
  check: CheckName;
  status: CheckStatus;
  error?: ErrorBody;
  /** A plain fact for the log (e.g. which CRL was used); never needed to understand the status. */
  note?: string;
}

export function passed(check: CheckName, note?: string): CheckResult {
  return note === undefined ? { check, status: 'passed' } : { check, status: 'passed', note };
}

export function skipped(check: CheckName, note: string): CheckResult {
  return { check, status: 'skipped', note };
}

export function failed(check: CheckName, code: ErrorCode, details: Record<string, string | number> = {}, status: 'failed' | 'indeterminate' = 'failed'): CheckResult {
  return { check, status, error: new SealdeskError(code, details).toJSON() };
}

/** A signature is invalid if any check failed, indeterminate if any could not decide, valid otherwise. */
export function overall(checks: CheckResult[]): 'valid' | 'invalid' | 'indeterminate' {
  if (checks.some((c) => c.status === 'failed')) return 'invalid';
  if (checks.some((c) => c.status === 'indeterminate')) return 'indeterminate';
  return 'valid';
}
