import { createHash } from 'node:crypto';
import type { SealRegistry } from '../seals/registry/seal-registry.js';
import type { SealStatus } from '../seals/seal.js';

/**
 * The status in force when a signature dated `at` was made. /M (and many TSAs) give whole
 * seconds, while the registry keeps milliseconds: a change within that second cannot be ordered
 * against the stamp, so it counts from the next second — except the seal's creation, which
 * necessarily came first. Changes before the second count as they are.
 */
function statusInSecond(registry: SealRegistry, id: string, at: Date): SealStatus | undefined {
  const second = Math.floor(at.getTime() / 1000) * 1000;
  const history = registry.history(id);
  const before = history.filter((e) => Date.parse(e.at) < second);
  if (before.length) return before[before.length - 1]!.status;
  const created = history[0];
  return created && Date.parse(created.at) < second + 1000 ? created.status : undefined;
}

/** The seal behind a signature, as this terminal's registry knows it. */
export interface SealSummary {
  id: string;
  name: string;
  type: string;
  organisation: { name: string; uscc: string };
  /** The seal's status at the signing time used for the checks; undefined if the seal did not exist yet. */
  statusAtSigning: SealStatus | undefined;
  /** Its status now (a seal revoked later does not void earlier stamps). */
  status: SealStatus;
}

/** Finds the seal whose certificate is the signer's (by SHA-256 of the DER). */
export function sealOfSigner(registry: SealRegistry, signerSha256: string, at: Date): SealSummary | undefined {
  const seal = registry.list().find((s) => s.certificateChain[0] && createHash('sha256').update(s.certificateChain[0]).digest('hex') === signerSha256);
  if (!seal) return undefined;
  return {
    id: seal.id,
    name: seal.name,
    type: seal.type,
    organisation: seal.organisation,
    statusAtSigning: statusInSecond(registry, seal.id, at),
    status: seal.status,
  };
}
