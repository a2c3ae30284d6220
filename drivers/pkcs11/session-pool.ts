import type { Session} from 'graphene-pk11';
import { SessionFlag, type Slot } from 'graphene-pk11';
import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';

/**
 * The open sessions of one token, reused between operations. A PKCS#11 session runs one
 * operation at a time, so each operation leases a session of its own; up to `size` sessions are
 * open at once and further callers wait in order. Login state belongs to the token, not to a
 * session (PKCS#11 §5.5), so a session opened after C_Login is already logged in.
 */
export class SessionPool {
  readonly size: number;
  #slot: Slot;
  #idle: Session[] = [];
  #open = 0;
  #waiters: Array<{ resolve: (session: Session) => void; reject: (error: Error) => void }> = [];
  #closed = false;
  #abandoned = false;

  constructor(slot: Slot, size = 4) {
    this.#slot = slot;
    this.size = size;
  }

  get openCount(): number {
    return this.#open;
  }

  async use<T>(operation: (session: Session) => T | Promise<T>): Promise<T> {
    // An idle session is taken without waiting a turn of the event loop (the signing hot path).
    const session = this.#idle.pop() ?? (await this.#acquire());
    try {
      return await operation(session);
    } finally {
      this.#release(session);
    }
  }

  #acquire(): Promise<Session> {
    if (this.#closed) return Promise.reject(new SealdeskError('TOKEN_NOT_PRESENT', { token: 'closed' }));
    const idle = this.#idle.pop();
    if (idle) return Promise.resolve(idle);
    if (this.#open < this.size) {
      const session = this.#slot.open(SessionFlag.SERIAL_SESSION | SessionFlag.RW_SESSION);
      this.#open++;
      return Promise.resolve(session);
    }
    return new Promise((resolve, reject) => this.#waiters.push({ resolve, reject }));
  }

  #release(session: Session): void {
    if (this.#closed) {
      this.#closeQuietly(session);
      return;
    }
    const waiter = this.#waiters.shift();
    if (waiter) waiter.resolve(session);
    else this.#idle.push(session);
  }

  #closeQuietly(session: Session): void {
    this.#open = Math.max(0, this.#open - 1);
    // After C_Finalize the handles are dead and may be reused by newer sessions: never close them.
    if (this.#abandoned) return;
    try {
      session.close();
    } catch {
      // The token may already be gone; its sessions went with it.
    }
  }

  /** Closes every idle session now and every leased one when it comes back; waiters get `reason`. */
  close(reason: Error = new SealdeskError('TOKEN_NOT_PRESENT', { token: 'closed' })): void {
    this.#closed = true;
    for (const session of this.#idle.splice(0)) this.#closeQuietly(session);
    for (const waiter of this.#waiters.splice(0)) waiter.reject(reason);
  }

  /** After the module was re-initialised: drop every session without C_CloseSession. */
  abandon(reason?: Error): void {
    this.#abandoned = true;
    this.close(reason);
  }
}
