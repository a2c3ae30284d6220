import { existsSync } from 'node:fs';
import { Outbox } from '../ledger/outbox/outbox.js';
import type { SignedSealEvent } from '../ledger/outbox/seal-event.js';
import type { AuditCheckpointRecord } from './audit-checkpoint-record.js';
import { checkpointSeq } from './checkpoint-seal-id.js';
import { readHeadFile, type AuditHead } from './head-file.js';

/** Where the ledger anchored a checkpoint event (from the outbox's receipt). */
export interface AuditAnchor {
  batchId: string;
  txHash: string;
  blockNumber: number;
  /** Unix seconds of the block. */
  blockTime: number;
  chainId: number;
}

/** A head seen from outside the entries table: this seq had this hash. */
export interface AuditWitness {
  seq: number;
  hash: string;
  eventId: string;
  /** When the checkpoint was taken. */
  time: string;
  /** contentDigest() of the entry, when audit.db's checkpoint row agrees with the event. */
  content: string | null;
  /** The signed event is in the ledger outbox (false: only audit.db's checkpoint row says so). */
  inOutbox: boolean;
  anchor: AuditAnchor | null;
}

export interface Witnesses {
  checkpoints: AuditWitness[];
  /** undefined: no head file configured; null: configured but not written yet. */
  headFile: AuditHead | null | undefined;
}

interface EventRow {
  body: string;
}

/**
 * The checkpoints, the signed, anchored audit-checkpoint events in the ledger outbox being the
 * authority: audit.db's checkpoint rows can be edited with the entries, the events are signed by
 * the terminal's chain key and, once anchored, fixed on chain. A checkpoint row whose event is
 * not in the outbox still counts (the outbox may live elsewhere), marked as such.
 */
export function collectWitnesses(rows: AuditCheckpointRecord[], options: { outboxPath?: string; headFile?: string }): Witnesses {
  const byEvent = new Map(rows.map((r) => [r.eventId, r]));
  const checkpoints: AuditWitness[] = [];
  if (options.outboxPath && existsSync(options.outboxPath)) {
    const outbox = Outbox.open(options.outboxPath);
    try {
      const events = outbox.db.prepare("SELECT body FROM events WHERE kind = 'audit-checkpoint' ORDER BY seq").all() as EventRow[];
      for (const { body } of events) {
        const event = JSON.parse(body) as SignedSealEvent;
        const seq = checkpointSeq(event.sealId);
        if (seq === undefined || !event.documentHash) continue;
        const row = byEvent.get(event.id);
        byEvent.delete(event.id);
        const receipt = outbox.receipt(event.id);
        checkpoints.push({
          seq,
          hash: event.documentHash,
          eventId: event.id,
          time: event.time,
          content: row && row.seq === seq && row.hash === event.documentHash ? row.content : null,
          inOutbox: true,
          anchor: receipt ? { batchId: receipt.batchId, txHash: receipt.txHash, blockNumber: receipt.blockNumber, blockTime: receipt.blockTime, chainId: receipt.chainId } : null,
        });
      }
    } finally {
      outbox.close();
    }
  }
  for (const row of byEvent.values()) {
    checkpoints.push({ seq: row.seq, hash: row.hash, eventId: row.eventId, time: row.createdAt, content: row.content, inOutbox: false, anchor: null });
  }
  checkpoints.sort((a, b) => a.seq - b.seq);
  const headFile = options.headFile ? (readHeadFile(options.headFile) ?? null) : undefined;
  return { checkpoints, headFile };
}
