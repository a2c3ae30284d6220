import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  seal_id TEXT NOT NULL,
  body TEXT NOT NULL,
  digest TEXT NOT NULL,
  leaf TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  batch_id TEXT
);
CREATE INDEX IF NOT EXISTS events_unbatched ON events (seq) WHERE batch_id IS NULL;
CREATE INDEX IF NOT EXISTS events_batch ON events (batch_id);
CREATE TABLE IF NOT EXISTS batches (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  organisation TEXT NOT NULL,
  root TEXT NOT NULL,
  count INTEGER NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('pending', 'anchored')),
  created_at INTEGER NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  tx_hash TEXT,
  block_number INTEGER,
  anchored_at INTEGER,
  chain_id INTEGER,
  contract TEXT
);
-- Per event only its proof (hashes joined by commas); the rest of a receipt is its batch's.
CREATE TABLE IF NOT EXISTS receipts (
  event_id TEXT PRIMARY KEY,
  batch_id TEXT NOT NULL,
  proof TEXT NOT NULL
);
`;

/**
 * The outbox database: WAL so the stamping process and the ledger worker (another process) use
 * it at once, synchronous=FULL so a committed event survives a power cut (WAL's default NORMAL
 * may lose the last commits), a busy timeout so the two writers wait for each other.
 */
export function openOutboxDb(path: string): Database.Database {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 10000');
  db.exec(SCHEMA);
  return db;
}
