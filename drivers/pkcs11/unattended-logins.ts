import { AsyncLocalStorage } from 'node:async_hooks';
import type { Token } from './token.js';

/** Logs a token in with the secret its owner holds (the appliance's configured secret); the token layer keeps no PIN. */
export type OpenToken = (token: Token) => Promise<void>;

/**
 * The tokens nobody types a PIN for (the chain key's, a kiosk's seal token), by label, with how
 * their owner opens them. Re-initialising a module (the only way SoftHSM sees a re-inserted key)
 * logs every token of it out; these are logged back in at once, and other operations wait for
 * that, so an unattended stamp never meets the gap. Clerks' tokens are not here: their PIN is
 * typed again.
 */
export class UnattendedLogins {
  #open = new Map<string, OpenToken>();
  #gate: Promise<void> | undefined;
  // the re-login's own operations must not wait for the gate they are inside of
  #inside = new AsyncLocalStorage<true>();
  /** Told when a token that is present could not be logged back in. */
  onError: ((label: string, error: unknown) => void) | undefined;

  keep(label: string, open: OpenToken): void {
    this.#open.set(label, open);
  }

  get labels(): string[] {
    return [...this.#open.keys()];
  }

  /** True while a re-login runs: the module is not re-initialised under it. */
  get busy(): boolean {
    return this.#gate !== undefined;
  }

  /** What an operation waits for before it starts: the re-login running now, unless it is that re-login. */
  settling(): Promise<void> | undefined {
    return this.#inside.getStore() ? undefined : this.#gate;
  }

  /**
   * Logs the kept tokens back in, each found by `find` (undefined: not there, e.g. still pulled).
   * Starts synchronously, so `busy` holds before the caller goes on.
   */
  relogin(find: (label: string) => Token | undefined): Promise<void> {
    if (!this.#open.size) return Promise.resolve();
    const run = async (): Promise<void> => {
      for (const [label, open] of this.#open) {
        try {
          const token = find(label);
          if (token && !token.isLoggedIn) await open(token);
        } catch (error) {
          this.onError?.(label, error);
        }
      }
    };
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    this.#gate = gate;
    void this.#inside.run(true, run).finally(() => {
      if (this.#gate === gate) this.#gate = undefined;
      release();
    });
    return gate;
  }
}
