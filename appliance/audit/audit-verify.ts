import { contentDigest, type AuditEntry } from './audit-entry.js';
import type { AuditCheckpointRecord } from './audit-checkpoint-record.js';
import { collectWitnesses, type AuditAnchor } from './audit-witnesses.js';
import { walkChain, type AuditProblem } from './chain-walk.js';
import type { AuditHead } from './head-file.js';

/** What verify reads (AuditLog, structurally). */
export interface AuditChainSource {
  readonly options: { headFile?: string; outboxPath?: string };
  all(): Iterable<AuditEntry>;
  entry(seq: number): AuditEntry | undefined;
  seqOfHash(hash: string): number | undefined;
  count(): number;
  head(): AuditHead;
  checkpoints(): AuditCheckpointRecord[];
}

export type WitnessStatus = 'ok' | 'mismatch' | 'beyond-end' | 'not-checked';

export interface CheckpointStatus {
  seq: number;
  hash: string;
  eventId: string;
  time: string;
  status: WitnessStatus;
  inOutbox: boolean;
  anchor: AuditAnchor | null;
}

export interface AuditVerification {
  ok: boolean;
  /** Entries stored. */
  entries: number;
  /** The last stored entry. */
  head: AuditHead;
  /**
   * The earliest place found wrong. With detectedBy 'checkpoint' or 'head-file', the chain itself
   * was consistent (recomputed from some point on, or cut short): the tampering is at or after
   * `seq` and at or before `witnessSeq`.
   */
  firstBad?: { seq: number; problem: AuditProblem; detectedBy: 'chain' | 'checkpoint' | 'head-file'; witnessSeq?: number };
  checkpoints: CheckpointStatus[];
  headFile: { configured: boolean; seq: number | null; status: WitnessStatus | 'absent' | null };
  /** The highest seq a witness outside audit.db confirms. */
  witnessedUpTo: number;
  /**
   * Entries after witnessedUpTo: removing some of them from the end, or rewriting them with
   * fresh hashes, cannot be detected until a checkpoint (or the head file) covers them.
   */
  unwitnessed: number;
}

/**
 * Where the entry a checkpoint saw is now: further on (rows inserted before it), earlier (removed),
 * or gone. By content (time to the millisecond, action, actor, target, …): two entries alike in all
 * of that cannot be told apart, and the first one found is taken.
 */
function classify(source: AuditChainSource, seq: number, content: string | null): AuditProblem {
  if (!content) return 'edited';
  for (const entry of source.all()) {
    if (contentDigest(entry) === content) return entry.seq > seq ? 'inserted' : entry.seq < seq ? 'removed' : 'edited';
  }
  return 'edited';
}

/**
 * The chain walk, then every witness: each checkpointed (seq, hash) must still be the stored
 * entry at that seq. That catches what the walk cannot — truncation before the last checkpoint,
 * and entries inserted, edited or removed with every later hash recomputed.
 */
export function verifyAuditLog(source: AuditChainSource): AuditVerification {
  const entries = source.count();
  const head = source.head();
  const walk = walkChain(source.all(), (hash) => source.seqOfHash(hash));
  const { checkpoints: witnesses, headFile } = collectWitnesses(source.checkpoints(), source.options);

  let lastOk = 0;
  let firstBad: AuditVerification['firstBad'] = walk.firstBad && { ...walk.firstBad, detectedBy: 'chain' };
  const check = (seq: number, hash: string): WitnessStatus => {
    if (walk.firstBad && seq > walk.last.seq) return 'not-checked';
    if (seq > head.seq) return 'beyond-end';
    return source.entry(seq)?.hash === hash ? 'ok' : 'mismatch';
  };

  const checkpoints: CheckpointStatus[] = [];
  for (const w of witnesses) {
    const status = check(w.seq, w.hash);
    checkpoints.push({ seq: w.seq, hash: w.hash, eventId: w.eventId, time: w.time, status, inOutbox: w.inOutbox, anchor: w.anchor });
    if (status === 'ok') lastOk = Math.max(lastOk, w.seq);
    else if (!firstBad && status === 'beyond-end') firstBad = { seq: head.seq + 1, problem: 'removed', detectedBy: 'checkpoint', witnessSeq: w.seq };
    else if (!firstBad && status === 'mismatch') firstBad = { seq: lastOk + 1, problem: classify(source, w.seq, w.content), detectedBy: 'checkpoint', witnessSeq: w.seq };
  }

  let headStatus: AuditVerification['headFile']['status'] = null;
  if (headFile === null) headStatus = 'absent';
  else if (headFile) {
    headStatus = check(headFile.seq, headFile.hash);
    if (headStatus === 'ok') lastOk = Math.max(lastOk, headFile.seq);
    else if (!firstBad && headStatus === 'beyond-end') firstBad = { seq: head.seq + 1, problem: 'removed', detectedBy: 'head-file', witnessSeq: headFile.seq };
    else if (!firstBad && headStatus === 'mismatch') firstBad = { seq: lastOk + 1, problem: 'edited', detectedBy: 'head-file', witnessSeq: headFile.seq };
  }

  return {
    ok: !firstBad,
    entries,
    head,
    ...(firstBad ? { firstBad } : {}),
    checkpoints,
    headFile: { configured: headFile !== undefined, seq: headFile?.seq ?? null, status: headStatus },
    witnessedUpTo: lastOk,
    unwitnessed: Math.max(0, head.seq - lastOk),
  };
}
