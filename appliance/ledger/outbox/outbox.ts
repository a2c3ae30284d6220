import type Database from 'better-sqlite3';
import type { Address, Hex } from 'viem';
import { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import { statementsOf } from '../../storage/prepared-statements.js';
import type { AnchorReceipt } from './anchor-receipt.js';
import { canonicalJson } from './canonical-json.js';
import { buildTreeFromLeaves, eventDigest, leafHash, type EventTree } from './event-tree.js';
import type { SealSigner } from '../../../drivers/pkcs11/seal-signer.js';
import { signSealEvent } from './event-signer.js';
import { openOutboxDb } from './outbox-db.js';
import { newSealEvent, type SealEventInput, type SignedSealEvent } from './seal-event.js';
import { uuid7 } from './uuid7.js';

export interface BatchRecord {
  id: Hex;
  organisation: Hex;
  root: Hex;
  count: number;
  state: 'pending' | 'anchored';
  attempts: number;
  createdAt: number;
}

export interface OutboxStatus {
  events: number;
  unbatched: number;
  batchesPending: number;
  batchesAnchored: number;
  receipts: number;
  oldestUnbatchedAt: number | null;
  lastError: string | null;
}

interface BatchRow {
  id: Hex;
  organisation: Hex;
  root: Hex;
  count: number;
  state: 'pending' | 'anchored';
  attempts: number;
  created_at: number;
}

export interface BatchAnchoring {
  txHash: Hex;
  blockNumber: number;
  blockTime: number;
  chainId: number;
  contract: Address;
}

interface ReceiptRow {
  proof: string;
  digest: Hex;
  leaf: Hex;
  batch_id: Hex;
  organisation: Hex;
  root: Hex;
  tx_hash: Hex;
  block_number: number;
  anchored_at: number;
  chain_id: number;
  contract: Address;
}

const toBatch = (r: BatchRow): BatchRecord => ({ id: r.id, organisation: r.organisation, root: r.root, count: r.count, state: r.state, attempts: r.attempts, createdAt: r.created_at });

/** A batch id: a UUIDv7 in the low 16 bytes of a bytes32, so ids sort by creation time. */
export const newBatchId = (): Hex => `0x${'0'.repeat(32)}${uuid7().replace(/-/g, '')}`;

/**
 * The local outbox of seal events: each event is durably written (fsynced) before the operation
 * that caused it is reported done; the ledger worker later batches and anchors it.
 */
export class Outbox {
  readonly db: Database.Database;
  // Trees of batches made by this process: building one costs a keccak per node, so the worker
  // does not build it twice; after a restart it is rebuilt from the stored leaves.
  #trees = new Map<Hex, EventTree>();

  constructor(db: Database.Database) {
    this.db = db;
  }

  static open(path: string): Outbox {
    return new Outbox(openOutboxDb(path));
  }

  /**
   * Builds the event, signs it on the token and appends it; resolves once it is on disk. Throws
   * OUTBOX_WRITE_FAILED when it could not be written: the caller must then fail the stamp.
   */
  async record(input: SealEventInput, signer: SealSigner): Promise<SignedSealEvent> {
    const event = await signSealEvent(newSealEvent(input), signer);
    this.append(event);
    return event;
  }

  /** Appends an already signed event (one fsynced transaction). */
  append(event: SignedSealEvent): void {
    try {
      const digest = eventDigest(event);
      statementsOf(this.db)
        .of('INSERT INTO events (id, kind, seal_id, body, digest, leaf, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(event.id, event.kind, event.sealId, canonicalJson(event), digest, leafHash(digest), Date.now());
    } catch (error) {
      throw new SealdeskError('OUTBOX_WRITE_FAILED', { reason: (error as Error).message }, { cause: error });
    }
  }

  event(id: string): SignedSealEvent | undefined {
    const row = this.db.prepare('SELECT body FROM events WHERE id = ?').get(id) as { body: string } | undefined;
    return row && (JSON.parse(row.body) as SignedSealEvent);
  }

  unbatchedCount(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM events WHERE batch_id IS NULL').get() as { n: number }).n;
  }

  oldestUnbatchedAt(): number | null {
    const row = this.db.prepare('SELECT created_at FROM events WHERE batch_id IS NULL ORDER BY seq LIMIT 1').get() as { created_at: number } | undefined;
    return row?.created_at ?? null;
  }

  /**
   * Takes up to `limit` unbatched events, oldest first, into a new batch with its Merkle root, in
   * one transaction: the batch and its members are on disk before anything is sent, so after a
   * crash the same batch (same id, same root) is what gets anchored, never a second one.
   */
  createBatch(organisation: Hex, limit: number): BatchRecord | undefined {
    // The tree is built outside the write transaction so stamping appends never wait for it;
    // only this worker batches, so the members are still unbatched when the transaction runs.
    const members = this.db.prepare('SELECT seq, leaf FROM events WHERE batch_id IS NULL ORDER BY seq LIMIT ?').all(limit) as Array<{ seq: number; leaf: Hex }>;
    if (members.length === 0) return undefined;
    const tree = buildTreeFromLeaves(members.map((m) => m.leaf));
    const id = newBatchId();
    const createdAt = Date.now();
    this.db.transaction(() => {
      this.db.prepare("INSERT INTO batches (id, organisation, root, count, state, created_at) VALUES (?, ?, ?, ?, 'pending', ?)").run(id, organisation, tree.root, members.length, createdAt);
      const taken = this.db.prepare('UPDATE events SET batch_id = ? WHERE batch_id IS NULL AND seq BETWEEN ? AND ?').run(id, members[0]!.seq, members[members.length - 1]!.seq);
      if (taken.changes !== members.length) throw new SealdeskError('INTERNAL', { reason: 'events were batched by another worker' });
    }).immediate();
    this.#trees.set(id, tree);
    return { id, organisation, root: tree.root, count: members.length, state: 'pending', attempts: 0, createdAt };
  }

  /** A batch's members in outbox order and its tree (the proof of members[i] is tree.proof(i)). */
  batchTree(batchId: Hex): { members: Array<{ id: string; digest: Hex; leaf: Hex }>; tree: EventTree } {
    const members = this.db.prepare('SELECT id, digest, leaf FROM events WHERE batch_id = ? ORDER BY seq').all(batchId) as Array<{ id: string; digest: Hex; leaf: Hex }>;
    const tree = this.#trees.get(batchId) ?? buildTreeFromLeaves(members.map((m) => m.leaf));
    return { members, tree };
  }

  pendingBatches(): BatchRecord[] {
    return (this.db.prepare("SELECT * FROM batches WHERE state = 'pending' ORDER BY seq").all() as BatchRow[]).map(toBatch);
  }

  batch(id: Hex): BatchRecord | undefined {
    const row = this.db.prepare('SELECT * FROM batches WHERE id = ?').get(id) as BatchRow | undefined;
    return row && toBatch(row);
  }

  noteAttempt(batchId: Hex, error?: string): void {
    this.db.prepare('UPDATE batches SET attempts = attempts + 1, last_error = ? WHERE id = ?').run(error ?? null, batchId);
  }

  /** Stores every member's proof and the batch's anchoring, in one transaction. */
  completeBatch(batchId: Hex, anchoring: BatchAnchoring, proofs: Array<{ eventId: string; proof: Hex[] }>): void {
    this.db.transaction(() => {
      const insert = this.db.prepare('INSERT OR REPLACE INTO receipts (event_id, batch_id, proof) VALUES (?, ?, ?)');
      for (const { eventId, proof } of proofs) insert.run(eventId, batchId, proof.join(','));
      this.db
        .prepare("UPDATE batches SET state = 'anchored', tx_hash = ?, block_number = ?, anchored_at = ?, chain_id = ?, contract = ?, last_error = NULL WHERE id = ?")
        .run(anchoring.txHash, anchoring.blockNumber, anchoring.blockTime, anchoring.chainId, anchoring.contract, batchId);
    }).immediate();
    this.#trees.delete(batchId);
  }

  /**
   * The event's receipt once anchored: the signed event itself with its proof and anchoring. With
   * `certificateOf`, the seal certificate the event names goes with it, so a reader can check the
   * event's signature too (the outbox keeps hashes of certificates, not certificates).
   */
  receipt(eventId: string, certificateOf?: (event: SignedSealEvent) => Buffer | undefined): AnchorReceipt | undefined {
    const row = this.db
      .prepare(
        `SELECT r.proof, e.body, e.digest, e.leaf, b.id AS batch_id, b.organisation, b.root, b.tx_hash, b.block_number, b.anchored_at, b.chain_id, b.contract
         FROM receipts r JOIN events e ON e.id = r.event_id JOIN batches b ON b.id = r.batch_id WHERE r.event_id = ?`,
      )
      .get(eventId) as (ReceiptRow & { body: string }) | undefined;
    if (!row) return undefined;
    const event = JSON.parse(row.body) as SignedSealEvent;
    const certificate = event.signerCertificateHash ? certificateOf?.(event) : undefined;
    return {
      version: 2,
      eventId: event.id,
      sealId: event.sealId,
      documentHash: event.documentHash,
      time: event.time,
      event,
      ...(certificate ? { signerCertificate: certificate.toString('base64') } : {}),
      leaf: { value: row.digest, hash: row.leaf },
      proof: row.proof ? (row.proof.split(',') as Hex[]) : [],
      root: row.root,
      batchId: row.batch_id,
      organisation: row.organisation,
      txHash: row.tx_hash,
      blockNumber: row.block_number,
      blockTime: row.anchored_at,
      chainId: row.chain_id,
      contract: row.contract,
    };
  }

  /** Makes failed batches eligible at once (the worker retries them anyway, with back-off). */
  resetAttempts(): number {
    return this.db.prepare("UPDATE batches SET attempts = 0, last_error = NULL WHERE state = 'pending'").run().changes;
  }

  status(): OutboxStatus {
    const one = <T>(sql: string) => this.db.prepare(sql).get() as T;
    return {
      events: one<{ n: number }>('SELECT count(*) AS n FROM events').n,
      unbatched: this.unbatchedCount(),
      batchesPending: one<{ n: number }>("SELECT count(*) AS n FROM batches WHERE state = 'pending'").n,
      batchesAnchored: one<{ n: number }>("SELECT count(*) AS n FROM batches WHERE state = 'anchored'").n,
      receipts: one<{ n: number }>('SELECT count(*) AS n FROM receipts').n,
      oldestUnbatchedAt: this.oldestUnbatchedAt(),
      lastError: one<{ e: string | null } | undefined>("SELECT last_error AS e FROM batches WHERE state = 'pending' AND last_error IS NOT NULL ORDER BY seq DESC LIMIT 1")?.e ?? null,
    };
  }

  close(): void {
    this.db.close();
  }
}
