import { createHash, randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';
import type { Principal, Role } from './principal.js';
import type { Operator } from './operator.js';

export interface SessionSettings {
  /** A session unused for this long ends. */
  idleMs: number;
  /** A session ends this long after sign-in, however busy. */
  maxMs: number;
}

export interface OpenedSession {
  /** The bearer secret: goes to the client (cookie or token) and nowhere else; only its hash is stored. */
  sessionId: string;
  principal: Principal;
  /** The absolute end; the idle timeout may end it sooner. */
  expiresAt: Date;
}

interface SessionRow {
  id_hash: string;
  last_seen_at: number;
  expires_at: number;
  operator_id: string;
  username: string;
  display_name: string;
  role: Role;
  organisation_id: string;
  disabled: 0 | 1;
}

/** The stored form of a session id, also the `Principal.sessionId` that logs and audit entries may show. */
export function sessionReference(sessionId: string): string {
  return createHash('sha256').update(sessionId, 'utf8').digest('hex');
}

/**
 * Signed-in sessions. The id is 256 random bits; the database holds its SHA-256 only, so a copy
 * of the database signs nobody in. The principal is read from the operator's row on every
 * request: a role change or a disabled account applies at once, not at the next sign-in.
 */
export class Sessions {
  readonly #db: Database.Database;
  readonly #settings: SessionSettings;

  constructor(db: Database.Database, settings: SessionSettings) {
    this.#db = db;
    this.#settings = settings;
  }

  get settings(): SessionSettings {
    return this.#settings;
  }

  open(operator: Operator, now = Date.now()): OpenedSession {
    const sessionId = randomBytes(32).toString('base64url');
    const reference = sessionReference(sessionId);
    const expiresAt = now + this.#settings.maxMs;
    this.#db.transaction(() => {
      this.sweep(now);
      this.#db
        .prepare('INSERT INTO sessions (id_hash, operator_id, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?)')
        .run(reference, operator.id, now, now, expiresAt);
    })();
    return {
      sessionId,
      expiresAt: new Date(expiresAt),
      principal: {
        operatorId: operator.id,
        username: operator.username,
        displayName: operator.displayName,
        role: operator.role,
        organisationId: operator.organisationId,
        sessionId: reference,
      },
    };
  }

  /** The principal of a live session: UNAUTHENTICATED when unknown or the account is disabled, SESSION_EXPIRED when timed out. */
  principalOf(sessionId: string, now = Date.now()): Principal {
    const reference = sessionReference(sessionId);
    const row = this.#db
      .prepare(
        `SELECT s.id_hash, s.last_seen_at, s.expires_at, o.id AS operator_id, o.username, o.display_name, o.role,
                o.organisation_id, o.disabled
         FROM sessions s JOIN operators o ON o.id = s.operator_id WHERE s.id_hash = ?`,
      )
      .get(reference) as SessionRow | undefined;
    if (!row) throw new SealdeskError('UNAUTHENTICATED');
    if (row.disabled === 1) {
      this.end(reference);
      throw new SealdeskError('UNAUTHENTICATED');
    }
    if (now >= row.expires_at || now - row.last_seen_at >= this.#settings.idleMs) {
      this.end(reference);
      throw new SealdeskError('SESSION_EXPIRED');
    }
    // At most one write a minute per session: every request reads, few need to write.
    if (now - row.last_seen_at >= Math.min(60_000, this.#settings.idleMs / 10)) {
      this.#db.prepare('UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?').run(now, reference);
    }
    return {
      operatorId: row.operator_id,
      username: row.username,
      displayName: row.display_name,
      role: row.role,
      organisationId: row.organisation_id,
      sessionId: reference,
    };
  }

  /** Signs out: by the session's reference (`Principal.sessionId`). */
  end(reference: string): void {
    this.#db.prepare('DELETE FROM sessions WHERE id_hash = ?').run(reference);
  }

  endAllOf(operatorId: string): void {
    this.#db.prepare('DELETE FROM sessions WHERE operator_id = ?').run(operatorId);
  }

  /** Deletes sessions past either limit; returns how many. */
  sweep(now = Date.now()): number {
    return this.#db
      .prepare('DELETE FROM sessions WHERE expires_at <= ? OR last_seen_at <= ?')
      .run(now, now - this.#settings.idleMs).changes;
  }
}
