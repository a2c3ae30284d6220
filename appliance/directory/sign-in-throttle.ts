import type Database from 'better-sqlite3';
import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';

export interface ThrottleSettings {
  /** Failures allowed per username before the first lock-out. */
  usernameFailures: number;
  /**
   * Failures allowed per client address. Higher than per username: behind the loopback bind
   * every browser on the terminal is 127.0.0.1, and one mistyping clerk must not lock out the
   * kiosk beside them.
   */
  addressFailures: number;
  /** The first lock-out; each further failure doubles it, up to maxLockMs. */
  firstLockMs: number;
  maxLockMs: number;
  /** A counter that saw no failure (and no lock) for this long starts over. */
  forgetAfterMs: number;
}

export const DEFAULT_THROTTLE: ThrottleSettings = {
  usernameFailures: 5,
  addressFailures: 20,
  firstLockMs: 30_000,
  maxLockMs: 3600_000,
  forgetAfterMs: 15 * 60_000,
};

interface FailureRow {
  failures: number;
  last_failure_at: number;
  locked_until: number;
}

/**
 * Brute-force throttling of sign-in, per username and per client address. Kept in the database
 * so that restarting the service does not hand a guesser a fresh set of tries. The username key
 * is counted whether or not the user exists, so a lock-out tells nothing about existence.
 */
export class SignInThrottle {
  readonly #db: Database.Database;
  readonly #settings: ThrottleSettings;

  constructor(db: Database.Database, settings: Partial<ThrottleSettings> = {}) {
    this.#db = db;
    this.#settings = { ...DEFAULT_THROTTLE, ...settings };
  }

  static usernameKey(username: string): string {
    return `user:${username.trim().toLowerCase()}`;
  }

  static addressKey(address: string): string {
    return `addr:${address}`;
  }

  /** SIGN_IN_THROTTLED, with the seconds to wait, when any of the keys is locked. */
  assertOpen(keys: readonly string[], now = Date.now()): void {
    let until = 0;
    for (const key of keys) until = Math.max(until, this.#row(key)?.locked_until ?? 0);
    if (until > now) throw new SealdeskError('SIGN_IN_THROTTLED', { retryAfter: Math.ceil((until - now) / 1000) });
  }

  recordFailure(keys: readonly string[], now = Date.now()): void {
    this.#db.transaction(() => {
      for (const key of keys) {
        const row = this.#row(key);
        // quiet time counts from the end of a lock-out, so waiting out a long lock does not reset the count
        const fresh = !row || now - Math.max(row.last_failure_at, row.locked_until) > this.#settings.forgetAfterMs;
        const failures = fresh ? 1 : row.failures + 1;
        const allowed = key.startsWith('addr:') ? this.#settings.addressFailures : this.#settings.usernameFailures;
        const over = failures - allowed;
        const lockedUntil = over >= 0 ? now + Math.min(this.#settings.firstLockMs * 2 ** over, this.#settings.maxLockMs) : 0;
        this.#db
          .prepare(
            `INSERT INTO sign_in_failures (key, failures, last_failure_at, locked_until) VALUES (?, ?, ?, ?)
             ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, last_failure_at = excluded.last_failure_at,
               locked_until = excluded.locked_until`,
          )
          .run(key, failures, now, lockedUntil);
      }
    })();
  }

  /** After a successful sign-in; only the username's counter, so one good account cannot reset an address that guesses at others. */
  recordSuccess(usernameKey: string): void {
    this.#db.prepare('DELETE FROM sign_in_failures WHERE key = ?').run(usernameKey);
  }

  #row(key: string): FailureRow | undefined {
    return this.#db.prepare('SELECT failures, last_failure_at, locked_until FROM sign_in_failures WHERE key = ?').get(key) as FailureRow | undefined;
  }
}
