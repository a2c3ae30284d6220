import type Database from 'better-sqlite3';
import type { Hex } from 'viem';

export type SealChange = 'registered' | 'suspended' | 'resumed' | 'revoked';

/** A seal change made on this terminal, as SealRegistry must learn it. */
export interface SealWriteInput {
  /** The change's seal event (in the outbox with it). */
  eventId: string;
  sealId: string;
  change: SealChange;
  /** The organisation's text id (USCC). */
  organisationId: string;
  /** SHA-256 (hex) of the seal certificate's DER. */
  certificateSha256: string;
  status: 'active' | 'suspended' | 'revoked';
  /** Unix seconds of the local change: the status holds on chain from then (or the chain's last change). */
  changedAt: number;
  reason: string | null;
}

export interface SealWrite extends SealWriteInput {
  seq: number;
  state: 'pending' | 'written' | 'superseded';
  attempts: number;
  lastError: string | null;
  /** The last transaction sent for it (a crash may leave it sent but not marked). */
  txHash: Hex | null;
  /** Unix seconds from which the chain holds the change, once written. */
  effectiveAt: number | null;
}

interface Row {
  seq: number;
  event_id: string;
  seal_id: string;
  change: SealChange;
  organisation_id: string;
  certificate_sha256: string;
  status: SealWrite['status'];
  changed_at: number;
  reason: string | null;
  state: SealWrite['state'];
  attempts: number;
  last_error: string | null;
  tx_hash: Hex | null;
  effective_at: number | null;
}

const toWrite = (r: Row): SealWrite => ({
  seq: r.seq,
  eventId: r.event_id,
  sealId: r.seal_id,
  change: r.change,
  organisationId: r.organisation_id,
  certificateSha256: r.certificate_sha256,
  status: r.status,
  changedAt: r.changed_at,
  reason: r.reason,
  state: r.state,
  attempts: r.attempts,
  lastError: r.last_error,
  txHash: r.tx_hash,
  effectiveAt: r.effective_at,
});

/**
 * The seal changes waiting for the chain, beside the events in the outbox database: a change
 * made while no node answers is not lost but written later, in the order it was made.
 */
export class SealWrites {
  readonly #db: Database.Database;

  constructor(db: Database.Database) {
    this.#db = db;
  }

  /** Queues a change (call it in the transaction that appends its seal event). */
  add(input: SealWriteInput): void {
    this.#db
      .prepare('INSERT INTO seal_writes (event_id, seal_id, change, organisation_id, certificate_sha256, status, changed_at, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(input.eventId, input.sealId, input.change, input.organisationId, input.certificateSha256, input.status, input.changedAt, input.reason);
  }

  get(eventId: string): SealWrite | undefined {
    const row = this.#db.prepare('SELECT * FROM seal_writes WHERE event_id = ?').get(eventId) as Row | undefined;
    return row && toWrite(row);
  }

  /** Oldest first: the order the chain must see them in. */
  pending(): SealWrite[] {
    return (this.#db.prepare("SELECT * FROM seal_writes WHERE state = 'pending' ORDER BY seq").all() as Row[]).map(toWrite);
  }

  pendingCount(): number {
    return (this.#db.prepare("SELECT count(*) AS n FROM seal_writes WHERE state = 'pending'").get() as { n: number }).n;
  }

  noteSent(seq: number, txHash: Hex): void {
    this.#db.prepare('UPDATE seal_writes SET tx_hash = ? WHERE seq = ?').run(txHash, seq);
  }

  noteAttempt(seq: number, error: string): void {
    this.#db.prepare('UPDATE seal_writes SET attempts = attempts + 1, last_error = ? WHERE seq = ?').run(error, seq);
  }

  markWritten(seq: number, txHash: Hex, effectiveAt: number): void {
    this.#db.prepare("UPDATE seal_writes SET state = 'written', tx_hash = ?, effective_at = ?, last_error = NULL, written_at = ? WHERE seq = ?").run(txHash, effectiveAt, Date.now(), seq);
  }

  /** The chain already holds a final state this change cannot follow (the seal is revoked there). */
  markSuperseded(seq: number, reason: string): void {
    this.#db.prepare("UPDATE seal_writes SET state = 'superseded', last_error = ?, written_at = ? WHERE seq = ?").run(reason, Date.now(), seq);
  }

  resetAttempts(): number {
    return this.#db.prepare("UPDATE seal_writes SET attempts = 0 WHERE state = 'pending'").run().changes;
  }

  lastError(): string | null {
    return (this.#db.prepare("SELECT last_error AS e FROM seal_writes WHERE state = 'pending' AND last_error IS NOT NULL ORDER BY seq DESC LIMIT 1").get() as { e: string } | undefined)?.e ?? null;
  }
}
