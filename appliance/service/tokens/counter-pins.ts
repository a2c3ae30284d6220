import type { Token } from '../../../drivers/pkcs11/token.js';

/** What the unlock did: 'checked' when the token was already open and the PIN matched, else 'logged-in'. */
export type UnlockOutcome = 'checked' | 'logged-in';

/**
 * Token PINs typed at the counter. The token stays logged in between stamps (another clerk's
 * session may have opened it), yet every PIN typed must still be the right one. On an open token
 * the PIN is checked by the token itself (Token.checkPin: an HMAC under a key generated on the
 * token at login, one C_Sign, no C_Login), and a wrong one leaves the token open: it counts
 * against the retry guard, never closes the token for the other clerks. A closed token goes to
 * C_Login. The PIN itself is kept nowhere, here or in the token layer.
 */
export class CounterPins {
  // one login at a time per token: two clerks' C_Login must not interleave
  #queues = new Map<string, Promise<unknown>>();

  async unlock(token: Token, pin: string): Promise<UnlockOutcome> {
    // the common case, a PIN on an open token, is checked outside the queue: many clerks side by side
    if (token.isLoggedIn) {
      await token.checkPin(pin);
      return 'checked';
    }
    return this.#serial(token.serial, async () => {
      // opened meanwhile by the clerk ahead in the queue
      if (token.isLoggedIn) {
        await token.checkPin(pin);
        return 'checked';
      }
      await token.login(pin);
      return 'logged-in';
    });
  }

  async logout(token: Token): Promise<void> {
    await this.#serial(token.serial, () => token.logout());
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
