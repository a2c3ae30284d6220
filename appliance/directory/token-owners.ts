import type Database from 'better-sqlite3';

export interface TokenOwner {
  tokenSerial: string;
  organisationId: string;
  /** The operator id (or 'demo-hall', 'test') that bound it. */
  boundBy: string;
  boundAt: string;
}

interface OwnerRow {
  token_serial: string;
  organisation_id: string;
  bound_by: string;
  bound_at: string;
}

/**
 * Which organisation each token belongs to, by serial: set when an admin initialises or claims
 * it. Token administration (keys, PINs) is for admins of that organisation's subtree only, so a
 * department admin never sees the CA key, the chain key or another department's seal keys.
 */
export class TokenOwners {
  readonly #db: Database.Database;

  constructor(db: Database.Database) {
    this.#db = db;
  }

  /** Binds (or moves) the token to the organisation. */
  bind(tokenSerial: string, organisationId: string, boundBy: string, now = new Date()): TokenOwner {
    this.#db
      .prepare(
        `INSERT INTO token_organisations (token_serial, organisation_id, bound_by, bound_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (token_serial) DO UPDATE SET organisation_id = excluded.organisation_id, bound_by = excluded.bound_by, bound_at = excluded.bound_at`,
      )
      .run(tokenSerial, organisationId, boundBy, now.toISOString());
    return this.get(tokenSerial)!;
  }

  get(tokenSerial: string): TokenOwner | undefined {
    const row = this.#db.prepare('SELECT token_serial, organisation_id, bound_by, bound_at FROM token_organisations WHERE token_serial = ?').get(tokenSerial) as OwnerRow | undefined;
    return row && { tokenSerial: row.token_serial, organisationId: row.organisation_id, boundBy: row.bound_by, boundAt: row.bound_at };
  }

  organisationOf(tokenSerial: string): string | undefined {
    return this.get(tokenSerial)?.organisationId;
  }
}
