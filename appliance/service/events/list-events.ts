import type { Outbox } from '../../ledger/outbox/outbox.js';
import type { SignedSealEvent } from '../../ledger/outbox/seal-event.js';

export interface EventPage {
  events: Array<{ seq: number; event: SignedSealEvent }>;
  /** Pass as `before` for the next (older) page; null on the last. */
  next: number | null;
}

/** Seal events of the given seals, newest first, a page at a time by the outbox's own sequence. */
export function listEvents(outbox: Outbox, sealIds: readonly string[], page: { before?: number; limit: number; kind?: string; sealId?: string }): EventPage {
  const conditions: Array<[string, string | number | undefined]> = [
    ['seal_id IN (SELECT value FROM json_each(?))', JSON.stringify(sealIds)],
    ['seq < ?', page.before],
    ['kind = ?', page.kind],
    ['seal_id = ?', page.sealId],
  ];
  const used = conditions.filter((c): c is [string, string | number] => c[1] !== undefined);
  const where = used.map(([sql]) => sql);
  const args = used.map(([, value]) => value);
  const rows = outbox.db.prepare(`SELECT seq, body FROM events WHERE ${where.join(' AND ')} ORDER BY seq DESC LIMIT ?`).all(...args, page.limit + 1) as Array<{ seq: number; body: string }>;
  const events = rows.slice(0, page.limit).map((r) => ({ seq: r.seq, event: JSON.parse(r.body) as SignedSealEvent }));
  return { events, next: rows.length > page.limit ? events[events.length - 1]!.seq : null };
}
