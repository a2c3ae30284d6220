import type Database from 'better-sqlite3';

/**
 * Statements prepared once per database and SQL text: a hot path (a follower applying thousands
 * of events, a stamp's seal lookup) costs a few statements each, and preparing one costs more
 * than running it.
 */
export class PreparedStatements {
  readonly #db: Database.Database;
  readonly #statements = new Map<string, Database.Statement>();

  constructor(db: Database.Database) {
    this.#db = db;
  }

  /** The statement for this SQL, prepared on first use. */
  of(sql: string): Database.Statement {
    let statement = this.#statements.get(sql);
    if (!statement) {
      statement = this.#db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }
}

const byDatabase = new WeakMap<Database.Database, PreparedStatements>();

/**
 * The prepared statements of one database connection, shared by every caller that holds only
 * the connection (a stamp's audit entry, outbox append and status checks run a few each).
 */
export function statementsOf(db: Database.Database): PreparedStatements {
  let statements = byDatabase.get(db);
  if (!statements) {
    statements = new PreparedStatements(db);
    byDatabase.set(db, statements);
  }
  return statements;
}
