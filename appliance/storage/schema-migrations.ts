import type Database from 'better-sqlite3';
import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';

/** The schema version a database is at (0 for a new one), from its schema_version table. */
export function schemaVersion(db: Database.Database): number {
  db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, applied_at TEXT NOT NULL)');
  const row = db.prepare('SELECT MAX(version) AS version FROM schema_version').get() as { version: number | null };
  return row.version ?? 0;
}

/**
 * Brings a database to the newest schema, one transaction per version (migration N is
 * `migrations[N - 1]`); returns the versions applied now. A database newer than this sealdesk is
 * refused (CONFIG_INVALID naming it) rather than written by code that does not know its tables.
 */
export function applyMigrations(db: Database.Database, migrations: readonly string[], name: string): number[] {
  const current = schemaVersion(db);
  if (current > migrations.length) throw new SealdeskError('CONFIG_INVALID', { reason: `the ${name} database has schema ${current}, newer than this sealdesk`, reasonZh: `${name} 数据库的结构版本为 ${current}，高于当前 sealdesk 所支持的版本` });
  const applied: number[] = [];
  migrations.forEach((sql, index) => {
    const version = index + 1;
    if (version <= current) return;
    db.transaction(() => {
      db.exec(sql);
      db.prepare('INSERT INTO schema_version (version, applied_at) VALUES (?, ?)').run(version, new Date().toISOString());
    })();
    applied.push(version);
  });
  return applied;
}
