import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { applyMigrations } from '../../storage/schema-migrations.js';
import { MIGRATIONS } from './migrations.js';

export function sealDatabasePath(home: string): string {
  return join(home, 'seals', 'seals.db');
}

/**
 * The seal database under SEALDESK_HOME, migrated. WAL lets the counter pages read seals while
 * an administrator writes; synchronous=FULL because a revocation must survive a power cut.
 */
export function openSealDatabase(home: string): Database.Database {
  mkdirSync(join(home, 'seals'), { recursive: true, mode: 0o700 });
  const db = new Database(sealDatabasePath(home));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    applyMigrations(db, MIGRATIONS, 'seal');
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** Runs `use` on the seal database opened for it alone, closed afterwards whatever happens. */
export function withSealDatabase<T>(home: string, use: (db: Database.Database) => T): T {
  const db = openSealDatabase(home);
  try {
    return use(db);
  } finally {
    db.close();
  }
}
