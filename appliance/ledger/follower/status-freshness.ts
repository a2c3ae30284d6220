import type Database from 'better-sqlite3';
import { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import { chainId32 } from '../chain/chain-id.js';
import { readFollowerState } from './follower-state.js';
import { statementsOf } from '../../storage/prepared-statements.js';

export const DEFAULT_MAX_STATUS_AGE_SECONDS = 300;

/** The age (seconds) of the terminal's view of seal statuses; undefined when no follower ever ran here. */
export function statusViewAge(db: Database.Database, now = new Date()): number | undefined {
  const state = readFollowerState(db);
  if (!state) return undefined;
  return Math.max(0, (now.getTime() - Date.parse(state.checkedAt)) / 1000);
}

/**
 * The freshness rule before every stamp: the follower must have checked the chain within
 * `maxAgeSeconds`, else a seal revoked at the desk could still stamp here — SEAL_STATUS_STALE.
 * A home where no follower ever ran (a lone dev appliance with no chain, the CLI on a terminal
 * whose service never started) has no view to age: the local registry alone decides, as before.
 */
export function assertStatusFresh(db: Database.Database, maxAgeSeconds = DEFAULT_MAX_STATUS_AGE_SECONDS, now = new Date()): void {
  const age = statusViewAge(db, now);
  if (age === undefined || age < maxAgeSeconds) return;
  throw new SealdeskError('SEAL_STATUS_STALE', { age: Math.floor(age), limit: maxAgeSeconds });
}

/**
 * A suspension or revocation of this seal seen in a block not yet final (the follower's
 * chain_unfinal_refusals) refuses the stamp now, as SEAL_SUSPENDED / SEAL_REVOKED: refusing early
 * is the safe side, and the desk's decision stops stamps a block sooner.
 */
export function assertNoUnfinalRefusal(db: Database.Database, sealId: string): void {
  const status = statementsOf(db).of('SELECT status FROM chain_unfinal_refusals WHERE seal_key = ?').pluck().get(chainId32(sealId)) as string | undefined;
  if (status === 'revoked') throw new SealdeskError('SEAL_REVOKED', { seal: sealId });
  if (status === 'suspended') throw new SealdeskError('SEAL_SUSPENDED', { seal: sealId });
}
