import { entryHash, GENESIS_HASH, type AuditEntry } from './audit-entry.js';

export type AuditProblem = 'edited' | 'removed' | 'inserted' | 'reordered';

export interface ChainBreak {
  seq: number;
  problem: AuditProblem;
}

export interface ChainWalk {
  /** Entries checked before the first break (all of them when there is none). */
  checked: number;
  /** The last entry that chains correctly. */
  last: { seq: number; hash: string };
  firstBad?: ChainBreak;
}

/**
 * The seq an entry's hash was made for, when it is not its current one: after its predecessor
 * (which may itself have moved, as in a swap) or one place off.
 */
function originalSeq(entry: AuditEntry, before: number | undefined): number | undefined {
  const candidates = new Set([...(before === undefined ? [] : [before + 1, before]), entry.seq - 1, entry.seq + 1]);
  candidates.delete(entry.seq);
  for (const seq of candidates) if (seq >= 1 && entryHash({ ...entry, seq }) === entry.hash) return seq;
  return undefined;
}

/**
 * Walks the stored entries in seq order and names the first place where the chain breaks.
 * Detection is certain (any change to a stored entry breaks its own hash or the next entry's
 * prev); the name of the problem is the most likely tampering that leaves that trace:
 *
 * - a gap in seq → 'removed' (the missing seq);
 * - an entry whose hash does not cover it, but would at another seq, where its prev says it
 *   belongs → moved: later rows renumbered after an 'inserted' one, or 'reordered';
 * - an entry whose prev is no stored entry's hash → the entry before it is gone ('removed', the
 *   rows after renumbered) or was rewritten with a fresh hash ('edited');
 * - otherwise a hash that does not cover the entry → 'edited'.
 *
 * A rewrite that recomputes every hash from some point to the end leaves no trace here at all:
 * only a witness from outside the database (audit-verify.ts) shows it.
 */
export function walkChain(entries: Iterable<AuditEntry>, seqOfHash: (hash: string) => number | undefined): ChainWalk {
  let expected = 1;
  let last = { seq: 0, hash: GENESIS_HASH };
  const broken = (firstBad: ChainBreak): ChainWalk => ({ checked: expected - 1, last, firstBad });
  const predecessorSeq = (prev: string) => (prev === GENESIS_HASH ? 0 : seqOfHash(prev));

  for (const entry of entries) {
    if (entry.seq < expected) return broken({ seq: entry.seq, problem: 'inserted' });
    if (entry.seq > expected) return broken({ seq: expected, problem: 'removed' });
    const own = entryHash(entry) === entry.hash;
    const linked = entry.prev === last.hash;
    if (!own) {
      const before = predecessorSeq(entry.prev);
      if (!linked && before === undefined) return broken({ seq: entry.seq, problem: 'removed' });
      const origin = originalSeq(entry, before);
      if (origin !== undefined) return broken(origin < entry.seq ? { seq: origin, problem: 'inserted' } : { seq: entry.seq, problem: 'reordered' });
      return broken({ seq: entry.seq, problem: 'edited' });
    }
    if (!linked) {
      const before = predecessorSeq(entry.prev);
      if (before === undefined) return broken({ seq: Math.max(1, entry.seq - 1), problem: 'edited' });
      if (before >= entry.seq) return broken({ seq: entry.seq, problem: 'reordered' });
      return broken({ seq: before + 1, problem: 'inserted' });
    }
    last = { seq: entry.seq, hash: entry.hash };
    expected++;
  }
  return { checked: expected - 1, last };
}
