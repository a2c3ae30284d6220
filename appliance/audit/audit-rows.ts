import type { AuditAction, AuditDetails, AuditEntry, AuditOutcome } from './audit-entry.js';

/** An entries row as SQLite keeps it. */
export interface EntryRow {
  seq: number;
  time: string;
  action: string;
  actor_id: string;
  actor_username: string | null;
  actor_role: string | null;
  organisation_id: string | null;
  target: string | null;
  outcome: string;
  error_code: string | null;
  details: string;
  prev: string;
  hash: string;
}

/**
 * The entry a row holds, taken at its word: verify recomputes the hash from exactly this, so a
 * row edited in SQLite (a column or the details JSON) no longer matches its hash. Unparseable
 * details become a marker object, which cannot match either.
 */
export function entryOf(row: EntryRow): AuditEntry {
  let details: AuditDetails;
  try {
    details = JSON.parse(row.details) as AuditDetails;
  } catch {
    details = { unparseable: row.details };
  }
  return {
    v: 1,
    seq: row.seq,
    time: row.time,
    action: row.action as AuditAction,
    actor: { id: row.actor_id, username: row.actor_username, role: row.actor_role },
    organisationId: row.organisation_id,
    target: row.target,
    outcome: row.outcome as AuditOutcome,
    errorCode: row.error_code,
    details,
    prev: row.prev,
    hash: row.hash,
  };
}

export const INSERT_ENTRY = `INSERT INTO entries (seq, time, action, actor_id, actor_username, actor_role, organisation_id, target, outcome, error_code, details, prev, hash)
  VALUES (@seq, @time, @action, @actorId, @actorUsername, @actorRole, @organisationId, @target, @outcome, @errorCode, @details, @prev, @hash)`;
