import type Database from 'better-sqlite3';
import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';

export interface ThrottleSettings {
  /** Failures allowed for one account from one client address before the first lock-out. */
  usernameFailures: number;
  /**
   * Failures allowed for one account from all addresses together: a guesser who spreads over
   * many addresses. Higher than the per-address limit, so that failures from one address (a
   * kiosk's browser, a guesser on the hall's network) do not lock the account at its own counter.
   */
  accountFailures: number;
  /** The first lock-out; each further failure doubles it, up to maxLockMs. */
  firstLockMs: number;
  maxLockMs: number;
  /** A counter that saw no failure (and no lock) for this long starts over. */
  forgetAfterMs: number;
}

export const DEFAULT_THROTTLE: ThrottleSettings = {
  usernameFailures: 5,
  accountFailures: 20,
  firstLockMs: 30_000,
  maxLockMs: 3600_000,
  forgetAfterMs: 15 * 60_000,
};

interface FailureRow {
  failures: number;
  last_failure_at: number;
  locked_until: number;
}

/** The counters one sign-in attempt is held to: the account from this address, and the account from anywhere. */
export interface ThrottleKeys {
  atAddress: string;
  account: string;
}

/**
 * Brute-force throttling of sign-in, per account and per (account, address), with a lock-out
 * that doubles with each failure past the limit (capped). There is deliberately no counter per
 * address alone: behind the loopback bind every browser on the terminal is 127.0.0.1, so a lock
 * on the address would let anyone lock every other account (and the kiosk) out by failing on
 * their own. Kept in the database so that restarting the service does not hand a guesser a fresh
 * set of tries. The account is counted whether or not it exists, so a lock-out tells nothing
 * about existence.
 *
 * An attempt is counted *before* its password is checked (`reserve`) and given back only by a
 * success: parallel guesses cannot all pass the check while the hashes are still being computed,
 * and a process that dies mid-check has still spent the try.
 */
export class SignInThrottle {
  readonly #db: Database.Database;
  readonly #settings: ThrottleSettings;

  constructor(db: Database.Database, settings: Partial<ThrottleSettings> = {}) {
    this.#db = db;
    this.#settings = { ...DEFAULT_THROTTLE, ...settings };
  }

  static keys(username: string, address: string): ThrottleKeys {
    const account = `user:${username.trim().toLowerCase()}`;
    return { account, atAddress: `${account}@${address}` };
  }

  /**
   * Counts one attempt as a failure now, or throws SIGN_IN_THROTTLED (with the seconds to wait)
   * when either counter is locked. One synchronous transaction: no other attempt runs between
   * the check and the count.
   */
  reserve(keys: ThrottleKeys, now = Date.now()): void {
    this.#db.transaction(() => {
      this.assertOpen(keys, now);
      this.#count(keys.atAddress, this.#settings.usernameFailures, now);
      this.#count(keys.account, this.#settings.accountFailures, now);
    })();
  }

  /** SIGN_IN_THROTTLED, with the seconds to wait, when either counter is locked. */
  assertOpen(keys: ThrottleKeys, now = Date.now()): void {
    const until = Math.max(this.#row(keys.atAddress)?.locked_until ?? 0, this.#row(keys.account)?.locked_until ?? 0);
    if (until > now) throw new SealdeskError('SIGN_IN_THROTTLED', { retryAfter: Math.ceil((until - now) / 1000) });
  }

  /** The right secret: the account's counters start over (the reserved attempt included). */
  recordSuccess(keys: ThrottleKeys): void {
    this.#db.prepare('DELETE FROM sign_in_failures WHERE key IN (?, ?)').run(keys.atAddress, keys.account);
  }

  #count(key: string, allowed: number, now: number): void {
    const row = this.#row(key);
    // quiet time counts from the end of a lock-out, so waiting out a long lock does not reset the count
    const fresh = !row || now - Math.max(row.last_failure_at, row.locked_until) > this.#settings.forgetAfterMs;
    const failures = fresh ? 1 : row.failures + 1;
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

  #row(key: string): FailureRow | undefined {
    return this.#db.prepare('SELECT failures, last_failure_at, locked_until FROM sign_in_failures WHERE key = ?').get(key) as FailureRow | undefined;
  }
}
