import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { statementsOf } from '../../../appliance/storage/prepared-statements.js';

describe('statementsOf: statements prepared once per connection', () => {
  it('gives the same statement for the same SQL on one connection, and each connection its own', () => {
    const a = new Database(':memory:');
    const b = new Database(':memory:');
    try {
      for (const db of [a, b]) db.exec('CREATE TABLE t (n INTEGER)');
      const insert = 'INSERT INTO t (n) VALUES (?)';
      expect(statementsOf(a).of(insert)).toBe(statementsOf(a).of(insert));
      expect(statementsOf(a).of(insert)).not.toBe(statementsOf(b).of(insert));
      statementsOf(a).of(insert).run(1);
      statementsOf(a).of(insert).run(2);
      statementsOf(b).of(insert).run(3);
      const count = 'SELECT count(*) FROM t';
      expect(statementsOf(a).of(count).pluck().get()).toBe(2);
      expect(statementsOf(b).of(count).pluck().get()).toBe(1);
    } finally {
      a.close();
      b.close();
    }
  });

  it('a statement kept across a change of the schema still runs against the new one', () => {
    const db = new Database(':memory:');
    try {
      db.exec('CREATE TABLE t (n INTEGER)');
      const select = 'SELECT * FROM t';
      expect(statementsOf(db).of(select).all()).toEqual([]);
      db.exec('ALTER TABLE t ADD COLUMN m TEXT');
      db.exec("INSERT INTO t (n, m) VALUES (1, 'x')");
      expect(statementsOf(db).of(select).all()).toEqual([{ n: 1, m: 'x' }]);
    } finally {
      db.close();
    }
  });
});
