import Database from 'better-sqlite3';
import { mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { auditPath } from '../../../appliance/audit/audit-db.js';
import { AUDIT_ACTIONS, entryHash, type AuditEntryBody, type AuditEntryInput } from '../../../appliance/audit/audit-entry.js';
import { AuditLog, type AuditLogOptions } from '../../../appliance/audit/audit-log.js';
import { entryOf, type EntryRow } from '../../../appliance/audit/audit-rows.js';
import { canonicalJson } from '../../../appliance/ledger/outbox/canonical-json.js';

/** The i-th entry of a busy day at the counter: every action in turn, a few organisations. */
export function sampleEntry(i: number): AuditEntryInput {
  const action = AUDIT_ACTIONS[i % AUDIT_ACTIONS.length]!;
  return {
    action,
    actor: { id: `op-${i % 7}`, username: `clerk${i % 7}`, role: i % 7 === 0 ? 'admin' : 'clerk' },
    organisationId: `org-${i % 3}`,
    target: `job-${i}`,
    outcome: i % 11 === 5 ? 'failed' : 'ok',
    ...(i % 11 === 5 ? { errorCode: 'PIN_INCORRECT' } : {}),
    details: { pages: i % 9, triesLeft: 3 },
  };
}

/** A fresh home under `root` with an audit log of n entries. */
export async function filledLog(root: string, n: number, options: AuditLogOptions = {}): Promise<{ home: string; log: AuditLog }> {
  const home = await mkdtemp(join(root, 'home-'));
  const log = AuditLog.open(home, options);
  for (let i = 0; i < n; i++) log.append(sampleEntry(i));
  return { home, log };
}

/**
 * The database as an intruder with the sqlite3 shell has it: the append-only triggers dropped,
 * then `change` run. The triggers come back on the next AuditLog.open, as they would.
 */
export function tamper(home: string, change: (db: Database.Database) => void): void {
  const db = new Database(auditPath(home));
  try {
    db.exec('DROP TRIGGER IF EXISTS entries_no_update; DROP TRIGGER IF EXISTS entries_no_delete;');
    change(db);
  } finally {
    db.close();
  }
}

const rowOf = (db: Database.Database, seq: number) => entryOf(db.prepare('SELECT * FROM entries WHERE seq = ?').get(seq) as EntryRow);

/** Moves every row from `from` on one place up (seq + 1), leaving `from` free. */
export function shiftUp(db: Database.Database, from: number): void {
  db.prepare('UPDATE entries SET seq = -(seq + 1) WHERE seq >= ?').run(from);
  db.prepare('UPDATE entries SET seq = -seq WHERE seq < 0').run();
}

/** Inserts a well-formed entry at seq, chained to the row before it (its own hash right). */
export function insertForged(db: Database.Database, seq: number): void {
  const prev = seq === 1 ? '0'.repeat(64) : rowOf(db, seq - 1).hash;
  const body: AuditEntryBody = {
    v: 1,
    seq,
    time: new Date().toISOString(),
    action: 'seal.revoke',
    actor: { id: 'op-0', username: 'clerk0', role: 'admin' },
    organisationId: 'org-0',
    target: 'seal-forged',
    outcome: 'ok',
    errorCode: null,
    details: {},
    prev,
  };
  db.prepare(
    `INSERT INTO entries (seq, time, action, actor_id, actor_username, actor_role, organisation_id, target, outcome, error_code, details, prev, hash)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(seq, body.time, body.action, body.actor.id, body.actor.username, body.actor.role, body.organisationId, body.target, body.outcome, null, canonicalJson(body.details), prev, entryHash(body));
}

/** What a careful intruder does next: every prev and hash from `from` to the end made right again. */
export function recomputeFrom(db: Database.Database, from: number): void {
  const seqs = (db.prepare('SELECT seq FROM entries WHERE seq >= ? ORDER BY seq').all(from) as Array<{ seq: number }>).map((r) => r.seq);
  let prev = from === 1 ? '0'.repeat(64) : rowOf(db, from - 1).hash;
  for (const seq of seqs) {
    const entry = { ...rowOf(db, seq), prev };
    const hash = entryHash(entry);
    db.prepare('UPDATE entries SET prev = ?, hash = ? WHERE seq = ?').run(prev, hash, seq);
    prev = hash;
  }
}
