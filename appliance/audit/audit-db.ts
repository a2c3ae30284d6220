import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const auditPath = (home: string) => join(home, 'audit.db');

/** The actor's organisation of an entry that acted on another's (details.actorOrganisationId), as indexed. */
export const ACTOR_ORGANISATION = "json_extract(details, '$.actorOrganisationId')";

/*
 * seq is given by the appender (last + 1), not AUTOINCREMENT, so a gap is evidence, not noise.
 * The triggers stop this code (or a careless admin with the sqlite3 shell) from changing the past;
 * whoever drops them on purpose is caught by `audit verify` instead.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS entries (
  seq INTEGER PRIMARY KEY,
  time TEXT NOT NULL,
  action TEXT NOT NULL,
  actor_id TEXT NOT NULL,
  actor_username TEXT,
  actor_role TEXT,
  organisation_id TEXT,
  target TEXT,
  outcome TEXT NOT NULL,
  error_code TEXT,
  details TEXT NOT NULL,
  prev TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS entries_action ON entries (action, seq);
CREATE INDEX IF NOT EXISTS entries_organisation ON entries (organisation_id, seq);
CREATE INDEX IF NOT EXISTS entries_hash ON entries (hash);
CREATE INDEX IF NOT EXISTS entries_actor_organisation ON entries (json_extract(details, '$.actorOrganisationId'), seq);
-- Heads recorded as audit-checkpoint seal events in the ledger outbox.
CREATE TABLE IF NOT EXISTS checkpoints (
  seq INTEGER PRIMARY KEY,
  hash TEXT NOT NULL,
  content TEXT NOT NULL,
  event_id TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL
);
CREATE TRIGGER IF NOT EXISTS entries_no_update BEFORE UPDATE ON entries BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;
CREATE TRIGGER IF NOT EXISTS entries_no_delete BEFORE DELETE ON entries BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;
`;

/**
 * As the outbox: WAL so the service and a CLI command append at once, synchronous=FULL so an
 * entry that was appended survives a power cut (the action it records has happened), a busy
 * timeout so the two wait for each other.
 */
export function openAuditDb(path: string): Database.Database {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const db = new Database(path);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('busy_timeout = 10000');
    db.exec(SCHEMA);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
