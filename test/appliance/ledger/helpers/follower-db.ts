import type Database from 'better-sqlite3';

/** What the follower made of the chain, in a form two databases can be compared by. */
export function followedView(db: Database.Database): { changes: unknown[]; seals: unknown[] } {
  return {
    changes: db.prepare('SELECT block_number, log_index, seal_key, kind, status, effective_at FROM chain_seal_changes ORDER BY block_number, log_index').all(),
    seals: db.prepare('SELECT seal_key, seal_id, organisation, certificate_hash, status, effective_at, reason, record_hash, block_number, log_index FROM chain_seals ORDER BY seal_key').all(),
  };
}
