import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { applyMigrations, schemaVersion } from '../../../appliance/storage/schema-migrations.js';
import { failure } from '../../helpers/failure.js';

const MIGRATIONS = ['CREATE TABLE seals (id TEXT PRIMARY KEY)', 'ALTER TABLE seals ADD COLUMN name TEXT'];

describe('schema migrations', () => {
  it('applies each version once, in order, and records it', () => {
    const db = new Database(':memory:');
    expect(applyMigrations(db, MIGRATIONS.slice(0, 1), 'test')).toEqual([1]);
    expect(applyMigrations(db, MIGRATIONS, 'test')).toEqual([2]);
    expect(applyMigrations(db, MIGRATIONS, 'test')).toEqual([]);
    expect(schemaVersion(db)).toBe(2);
    db.prepare('INSERT INTO seals (id, name) VALUES (?, ?)').run('seal-1', '公章');
  });

  it('a failing migration leaves the database at the version before it', () => {
    const db = new Database(':memory:');
    expect(() => applyMigrations(db, [MIGRATIONS[0]!, 'ALTER TABLE nowhere ADD COLUMN x'], 'test')).toThrow(/nowhere/);
    expect(schemaVersion(db)).toBe(1);
  });

  it('refuses a database newer than this code: CONFIG_INVALID naming it, nothing written', async () => {
    const db = new Database(':memory:');
    applyMigrations(db, MIGRATIONS, 'test');
    const error = await failure(Promise.resolve().then(() => applyMigrations(db, MIGRATIONS.slice(0, 1), 'directory')));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.messageEn).toContain('the directory database has schema 2, newer than this sealdesk');
    expect(schemaVersion(db)).toBe(2);
  });
});
