import type Database from 'better-sqlite3';
import { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import { readFollowerState, type FollowerState } from './follower-state.js';

/**
 * After CHAIN_REORG_TOO_DEEP (or to rebuild a terminal's view) an operator sets the follower back
 * to apply again from `fromBlock`: the changes it recorded from there are forgotten (so each event
 * of the chain as it is now is applied once), the stored hash dropped (nothing left to compare),
 * the error cleared; the running follower picks it up on its next round. From block 0 the chain's
 * view of every seal is rebuilt. What the local registry took from the undone blocks stays: a
 * revocation is never undone, and a status the chain now says otherwise is applied over it.
 */
export function refollowFrom(db: Database.Database, fromBlock: number): { before: FollowerState; after: FollowerState } {
  if (!Number.isInteger(fromBlock) || fromBlock < 0) throw new SealdeskError('USAGE', { reason: `--from-block must be a block number (0 or more), not ${fromBlock}`, reasonZh: `--from-block 须为区块号（0 或更大），而不是 ${fromBlock}` });
  const before = readFollowerState(db);
  if (!before) throw new SealdeskError('USAGE', { reason: 'no chain follower ever ran on this SEALDESK_HOME: there is nothing to follow again', reasonZh: '此 SEALDESK_HOME 从未运行过区块链跟随：无需重新跟随' });
  db.transaction(() => {
    db.prepare('DELETE FROM chain_seal_changes WHERE block_number >= ?').run(fromBlock);
    db.prepare('DELETE FROM chain_unfinal_refusals').run();
    if (fromBlock === 0) db.prepare('DELETE FROM chain_seals').run();
    // The hall's terminals, grants and organisation records keep only their latest event: one
    // from the undone blocks is dropped (a grant falls back to none, which refuses rather than
    // allows) and the chain as it is now applies it again.
    for (const table of ['chain_terminals', 'chain_terminal_grants', 'chain_organisations']) db.prepare(`DELETE FROM ${table} WHERE block_number >= ?`).run(fromBlock);
    db.prepare('UPDATE chain_follower SET block_number = ?, block_hash = NULL, error_code = NULL, error = NULL WHERE id = 1').run(Math.min(fromBlock - 1, before.blockNumber));
  }).immediate();
  return { before, after: readFollowerState(db)! };
}
