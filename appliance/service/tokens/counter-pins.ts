import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import type { Token } from '../../../drivers/pkcs11/token.js';

const scryptAsync = promisify(scrypt) as (pin: string, salt: Buffer, length: number, options: { N: number }) => Promise<Buffer>;
/**
 * ~10 ms a hash (the default N = 2^14 costs ~40 ms, which capped a busy counter at ~24 stamps/s on
 * two cores). The hash lives in this process's memory only, next to a logged-in session that can
 * sign anyway: it must not give the PIN away cheaply, not hold out against a memory dump.
 */
const COST = { N: 2 ** 12 };
const hashPin = (pin: string, salt: Buffer) => scryptAsync(pin, salt, 32, COST);

interface Accepted {
  salt: Buffer;
  hash: Buffer;
}

/** What the unlock did: 'checked' when the token was already open and the PIN matched, else 'logged-in'. */
export type UnlockOutcome = 'checked' | 'logged-in';

/**
 * Token PINs typed at the counter. The token stays logged in between stamps (another clerk's
 * session may have opened it), yet every PIN typed must still be the right one: this keeps, in
 * memory only, a salted scrypt hash of the PIN C_Login last accepted per token, and compares.
 * A PIN that does not match logs the token out and goes to C_Login, so the token's own retry
 * counter (and sealdesk's PinGuard) decides, never this cache. The PIN itself is not kept.
 */
export class CounterPins {
  #accepted = new Map<string, Accepted>();
  // one unlock at a time per token: two clerks' logins must not interleave logout and login
  #queues = new Map<string, Promise<unknown>>();

  async unlock(token: Token, pin: string): Promise<UnlockOutcome> {
    // the common case, a right PIN on an open token, is compared outside the queue: many clerks'
    // checks run side by side on the thread pool; only a login or logout waits its turn
    const open = this.#accepted.get(token.serial);
    if (token.isLoggedIn && open && timingSafeEqual(await hashPin(pin, open.salt), open.hash) && this.#accepted.get(token.serial) === open && token.isLoggedIn) return 'checked';
    return this.#serial(token.serial, async () => {
      const known = this.#accepted.get(token.serial);
      if (token.isLoggedIn && known && timingSafeEqual(await hashPin(pin, known.salt), known.hash)) return 'checked';
      this.#accepted.delete(token.serial);
      // explicitly out first: a failed C_Login must leave the token known as logged out
      if (token.isLoggedIn) await token.logout();
      await token.login(pin);
      const salt = randomBytes(16);
      this.#accepted.set(token.serial, { salt, hash: await hashPin(pin, salt) });
      return 'logged-in';
    });
  }

  async logout(token: Token): Promise<void> {
    await this.#serial(token.serial, async () => {
      this.#accepted.delete(token.serial);
      await token.logout();
    });
  }

  /** Forget a token's hash (it was pulled, or logged out elsewhere). */
  forget(serial: string): void {
    this.#accepted.delete(serial);
  }

  async #serial<T>(serial: string, work: () => Promise<T>): Promise<T> {
    const previous = this.#queues.get(serial) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(work);
    this.#queues.set(serial, next);
    try {
      return await next;
    } finally {
      if (this.#queues.get(serial) === next) this.#queues.delete(serial);
    }
  }
}
