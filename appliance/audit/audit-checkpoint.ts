import type { SealSigner } from '../../drivers/pkcs11/seal-signer.js';
import type { SealEventInput, SignedSealEvent } from '../ledger/outbox/seal-event.js';
import { contentDigest } from './audit-entry.js';
import type { AuditCheckpointRecord } from './audit-checkpoint-record.js';
import type { AuditLog } from './audit-log.js';
import { checkpointSealId } from './checkpoint-seal-id.js';

/** What records the event: SealEventLog, structurally (so tests and the service can pass theirs). */
export interface CheckpointEventLog {
  record(input: Omit<SealEventInput, 'terminalId' | 'operatorId'>, signer: SealSigner, id?: string, signatureSha256?: string, operatorId?: string): Promise<SignedSealEvent>;
}

export interface AuditCheckpoint extends AuditCheckpointRecord {
  /** false when the head had not moved since the last checkpoint, which is returned instead. */
  created: boolean;
}

/**
 * Records the audit head as an 'audit-checkpoint' seal event in the ledger outbox (fsynced,
 * signed, later anchored with the next batch), then keeps it in audit.db. In that order: a crash
 * between the two leaves the event, which verify reads anyway; the other order could leave a
 * checkpoint row that nothing outside audit.db backs. An empty log, or a head already
 * checkpointed, records nothing. `operatorId`: who asked (an administrator), when not the log's own identity.
 */
export async function recordCheckpoint(log: AuditLog, events: CheckpointEventLog, signer: SealSigner, operatorId?: string): Promise<AuditCheckpoint | undefined> {
  const head = log.head();
  if (head.seq === 0) return undefined;
  const last = log.lastCheckpoint();
  if (last && last.seq === head.seq && last.hash === head.hash) return { ...last, created: false };
  const entry = log.entry(head.seq);
  if (!entry) return undefined;
  const event = await events.record({ kind: 'audit-checkpoint', sealId: checkpointSealId(head.seq), documentHash: head.hash }, signer, undefined, undefined, operatorId);
  const record: AuditCheckpointRecord = { seq: head.seq, hash: head.hash, content: contentDigest(entry), eventId: event.id, createdAt: event.time };
  log.addCheckpoint(record);
  return { ...record, created: true };
}
