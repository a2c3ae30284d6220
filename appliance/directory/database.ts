import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { applyMigrations } from '../storage/schema-migrations.js';
import { DIRECTORY_MIGRATIONS } from './migrations.js';

export function directoryPath(home: string): string {
  return join(home, 'directory');
}

/**
 * The directory database (organisations, operators, grants, sessions) under SEALDESK_HOME,
 * migrated. WAL so that every request's session lookup reads while an administrator writes;
 * synchronous=FULL because a disabled operator or a withdrawn grant must survive a power cut.
 */
export function openDirectoryDatabase(home: string): Database.Database {
  mkdirSync(directoryPath(home), { recursive: true, mode: 0o700 });
  const db = new Database(join(directoryPath(home), 'directory.db'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    applyMigrations(db, DIRECTORY_MIGRATIONS, 'directory');
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
