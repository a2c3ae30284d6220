import type Database from 'better-sqlite3';
import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';

/**
 * The share of a token's PIN retry budget one operator may spend: about half of it, and always
 * less than all of it (5 → 3, 3 → 2), so no single clerk or admin can lock the hall's token.
 */
export function operatorPinLimit(tokenMaxTries: number): number {
  return Math.max(1, Math.min(tokenMaxTries - 1, Math.ceil(tokenMaxTries / 2)));
}

/**
 * Wrong PINs per operator and token, kept in the directory (a restart does not reset them). An
 * attempt is reserved before the PIN is tried, synchronously, so parallel guesses are all counted;
 * a right PIN clears the operator's count, an unblock clears everyone's for that token.
 */
export class OperatorPinTries {
  readonly #db: Database.Database;

  constructor(db: Database.Database) {
    this.#db = db;
  }

  failures(operatorId: string, tokenSerial: string): number {
    const row = this.#db.prepare('SELECT failures FROM operator_pin_failures WHERE operator_id = ? AND token_serial = ?').get(operatorId, tokenSerial) as { failures: number } | undefined;
    return row?.failures ?? 0;
  }

  /** Counts one attempt now; PIN_OPERATOR_LOCKED (nothing counted) when the operator's `limit` is spent. Returns the tries left after this one fails. */
  reserve(operatorId: string, tokenSerial: string, limit: number): number {
    const reserved = this.#db
      .prepare(
        `INSERT INTO operator_pin_failures (operator_id, token_serial, failures) VALUES (?, ?, 1)
         ON CONFLICT (operator_id, token_serial) DO UPDATE SET failures = failures + 1 WHERE failures < ?
         RETURNING failures`,
      )
      .get(operatorId, tokenSerial, limit) as { failures: number } | undefined;
    if (!reserved || reserved.failures > limit) throw new SealdeskError('PIN_OPERATOR_LOCKED');
    return limit - reserved.failures;
  }

  /** Gives back an attempt that tried no PIN (the token was absent, locked already, …). */
  release(operatorId: string, tokenSerial: string): void {
    this.#db.prepare('UPDATE operator_pin_failures SET failures = failures - 1 WHERE operator_id = ? AND token_serial = ? AND failures > 0').run(operatorId, tokenSerial);
  }

  /** The operator typed the right PIN. */
  clear(operatorId: string, tokenSerial: string): void {
    this.#db.prepare('DELETE FROM operator_pin_failures WHERE operator_id = ? AND token_serial = ?').run(operatorId, tokenSerial);
  }

  /** The token's PIN was unblocked or set anew: every operator starts again. */
  clearToken(tokenSerial: string): void {
    this.#db.prepare('DELETE FROM operator_pin_failures WHERE token_serial = ?').run(tokenSerial);
  }
}
