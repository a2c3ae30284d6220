import type Database from 'better-sqlite3';
import { statementsOf } from '../../storage/prepared-statements.js';

/** How far the follower applied SealRegistry's events into this seal database (one row). */
export interface FollowerState {
  chainId: number;
  registry: string;
  /** The last block applied (-1: none yet) and its hash, to spot a re-org below it on resume. */
  blockNumber: number;
  blockHash: string | null;
  /**
   * When the follower last knew it had applied every final block (ISO 8601): the age of the
   * terminal's view of seal statuses. Set to the row's creation at first start, so a new terminal
   * whose chain is down has one grace period in its life, not one per restart.
   */
  checkedAt: string;
  /** The chain's head when last asked. */
  headNumber: number | null;
  /** The follower's last failure (CHAIN_UNREACHABLE, CHAIN_REORG_TOO_DEEP…), null once it applies again. */
  errorCode: string | null;
  error: string | null;
}

interface Row {
  chain_id: number;
  registry: string;
  block_number: number;
  block_hash: string | null;
  checked_at: string;
  head_number: number | null;
  error_code: string | null;
  error: string | null;
}

/** The follower's row; undefined when no follower ever ran on this home (a lone dev appliance, the CLI only). */
export function readFollowerState(db: Database.Database): FollowerState | undefined {
  const row = statementsOf(db).of('SELECT chain_id, registry, block_number, block_hash, checked_at, head_number, error_code, error FROM chain_follower WHERE id = 1').get() as Row | undefined;
  if (!row) return undefined;
  return { chainId: row.chain_id, registry: row.registry, blockNumber: row.block_number, blockHash: row.block_hash, checkedAt: row.checked_at, headNumber: row.head_number, errorCode: row.error_code, error: row.error };
}

/**
 * The row for this chain and registry, created at the first start (chainId 0 while no node has
 * answered yet: the row, and so the view's age, exists from the first start). Another registry or
 * chain than the row's (a redeployed contract) starts over from block 0 — the seals it knew stay,
 * the chain's view of them is rebuilt — without a new grace period for the view's age.
 */
export function ensureFollowerState(db: Database.Database, chainId: number, registry: string, now = new Date()): FollowerState {
  db.transaction(() => {
    const state = readFollowerState(db);
    if (!state) {
      db.prepare('INSERT INTO chain_follower (id, chain_id, registry, block_number, block_hash, checked_at) VALUES (1, ?, ?, -1, NULL, ?)').run(chainId, registry, now.toISOString());
      return;
    }
    const sameRegistry = state.registry.toLowerCase() === registry.toLowerCase();
    if (sameRegistry && (state.chainId === chainId || chainId === 0)) return;
    if (sameRegistry && state.chainId === 0) {
      db.prepare('UPDATE chain_follower SET chain_id = ? WHERE id = 1').run(chainId);
      return;
    }
    db.prepare('DELETE FROM chain_seal_changes').run();
    db.prepare('DELETE FROM chain_seals').run();
    // the hall's terminals, grants and tree as the old registry said: rebuilt from the new one
    for (const table of ['chain_terminals', 'chain_terminal_grants', 'chain_organisations']) db.prepare(`DELETE FROM ${table}`).run();
    db.prepare('UPDATE chain_follower SET chain_id = ?, registry = ?, block_number = -1, block_hash = NULL, head_number = NULL, error_code = NULL, error = NULL WHERE id = 1').run(chainId, registry);
  }).immediate();
  return readFollowerState(db)!;
}

/** Applied up to `block`: written inside the transaction that applied its events. */
export function recordApplied(db: Database.Database, block: { number: number; hash: string }, head: number, checkedAt: Date | null): void {
  db.prepare('UPDATE chain_follower SET block_number = ?, block_hash = ?, head_number = ?, checked_at = COALESCE(?, checked_at), error_code = NULL, error = NULL WHERE id = 1')
    .run(block.number, block.hash, head, checkedAt?.toISOString() ?? null);
}

/** Caught up with nothing new: the view is as fresh as `checkedAt`. */
export function recordChecked(db: Database.Database, head: number, checkedAt: Date): void {
  db.prepare('UPDATE chain_follower SET head_number = ?, checked_at = ?, error_code = NULL, error = NULL WHERE id = 1').run(head, checkedAt.toISOString());
}

export function recordFailure(db: Database.Database, code: string, message: string): void {
  db.prepare('UPDATE chain_follower SET error_code = ?, error = ? WHERE id = 1').run(code, message);
}
