import type Database from 'better-sqlite3';
import type { Hex } from 'viem';
import { chainId32 } from '../chain/chain-id.js';
import { statusName } from '../chain/seal-registry.js';
import { PreparedStatements } from '../../storage/prepared-statements.js';

/** A SealRegistry event the follower applies, decoded, with where it sits on the chain. */
export type RegistryEvent = { blockNumber: number; logIndex: number; sealKey: Hex } & (
  | { kind: 'registered'; organisation: Hex; certificateHash: Hex }
  | { kind: 'status'; status: number; effectiveAt: number; reason: string }
  | { kind: 'record'; recordHash: Hex }
);

type LocalStatus = 'active' | 'suspended' | 'revoked';

/**
 * Applies final events to the seal database, in chain order, inside the caller's transaction.
 * Each event is applied once: chain_seal_changes keys it by (block, log index), so an event seen
 * again (a resume that read a range twice) changes nothing. A seal this terminal holds (its id
 * hashes to the chain's seal id) takes the chain's status in `seals` too, with its history: that
 * is what stops a seal revoked at the desk from stamping here.
 */
export class EventApplier {
  /** Prepared once each: an event costs a few statements, a prepare more than running them. */
  readonly #sql: PreparedStatements;
  /** chain seal id → local seal id, for the seals of this database. */
  #local = new Map<string, string>();
  #localCount = -1;

  constructor(db: Database.Database) {
    this.#sql = new PreparedStatements(db);
  }

  #localId(sealKey: Hex): string | undefined {
    const count = (this.#sql.of('SELECT COUNT(*) FROM seals').pluck().get() as number);
    if (count !== this.#localCount) {
      this.#local.clear();
      for (const id of this.#sql.of('SELECT id FROM seals').pluck().all() as string[]) this.#local.set(chainId32(id), id);
      this.#localCount = count;
    }
    return this.#local.get(sealKey);
  }

  /** Applies one event; false when it was applied before. */
  apply(event: RegistryEvent): boolean {
    const kind = event.kind === 'status' ? statusName(event.status) : event.kind;
    const fresh = this.#sql.of('INSERT INTO chain_seal_changes (block_number, log_index, seal_key, kind, status, effective_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING')
      .run(event.blockNumber, event.logIndex, event.sealKey, event.kind, event.kind === 'status' ? kind : null, event.kind === 'status' ? event.effectiveAt : null);
    if (fresh.changes === 0) return false;
    const localId = this.#localId(event.sealKey) ?? null;
    switch (event.kind) {
      case 'registered':
        this.#sql.of(
            `INSERT INTO chain_seals (seal_key, seal_id, organisation, certificate_hash, status, effective_at, block_number, log_index)
             VALUES (?, ?, ?, ?, 'active', 0, ?, ?) ON CONFLICT (seal_key) DO NOTHING`,
          )
          .run(event.sealKey, localId, event.organisation, event.certificateHash.slice(2), event.blockNumber, event.logIndex);
        return true;
      case 'record':
        this.#sql.of("UPDATE chain_seals SET record_hash = ?, record_state = 'pending' WHERE seal_key = ?").run(event.recordHash.slice(2), event.sealKey);
        return true;
      case 'status': {
        const status = statusName(event.status);
        if (status === 'none') return true;
        this.#sql.of('UPDATE chain_seals SET status = ?, effective_at = ?, reason = ?, block_number = ?, log_index = ?, seal_id = COALESCE(seal_id, ?) WHERE seal_key = ?')
          .run(status, event.effectiveAt, event.reason, event.blockNumber, event.logIndex, localId, event.sealKey);
        if (localId) this.#applyLocal(localId, status, event.effectiveAt, event.reason);
        return true;
      }
    }
  }

  /** The local seal takes the chain's status; a revoked seal stays revoked (the database insists too). */
  #applyLocal(id: string, status: LocalStatus, effectiveAt: number, reason: string): void {
    const current = this.#sql.of('SELECT status FROM seals WHERE id = ?').pluck().get(id) as LocalStatus | undefined;
    if (!current || current === status || current === 'revoked') return;
    const at = new Date(effectiveAt * 1000).toISOString();
    const why = reason || null;
    this.#sql.of('UPDATE seals SET status = ?, status_changed_at = ?, status_reason = ? WHERE id = ?').run(status, at, why, id);
    this.#sql.of('INSERT INTO seal_status_events (seal_id, status, at, reason) VALUES (?, ?, ?, ?)').run(id, status, at, why);
  }
}
