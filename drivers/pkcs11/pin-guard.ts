import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export type PinRole = 'user' | 'so';

/**
 * A retry counter kept by sealdesk, per token serial and PIN role, for tokens that keep none
 * themselves (SoftHSM never locks a PIN; a kiosk must not become a PIN-guessing machine). Tokens
 * with their own counter still lock themselves, and their CKR_PIN_LOCKED is honoured as well.
 * Stored in SEALDESK_HOME so a restart does not reset it; holds counts only, never a PIN.
 */
export class PinGuard {
  readonly maxTries: number;
  readonly #file: string;

  constructor(stateDir: string, maxTries = 5) {
    this.#file = join(stateDir, 'pin-tries.json');
    this.maxTries = maxTries;
  }

  #read(): Record<string, number> {
    try {
      return JSON.parse(readFileSync(this.#file, 'utf8')) as Record<string, number>;
    } catch {
      return {};
    }
  }

  // Write to a temp file and rename: a crash mid-write never leaves a truncated counter file.
  #write(counts: Record<string, number>): void {
    mkdirSync(dirname(this.#file), { recursive: true });
    const tmp = `${this.#file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(counts, null, 2), { mode: 0o600 });
    renameSync(tmp, this.#file);
  }

  failures(serial: string, role: PinRole = 'user'): number {
    return this.#read()[`${serial}:${role}`] ?? 0;
  }

  triesLeft(serial: string, role: PinRole = 'user'): number {
    return Math.max(0, this.maxTries - this.failures(serial, role));
  }

  isLocked(serial: string, role: PinRole = 'user'): boolean {
    return this.triesLeft(serial, role) === 0;
  }

  /** Counts one wrong PIN; returns the tries left. */
  recordFailure(serial: string, role: PinRole = 'user'): number {
    const counts = this.#read();
    const key = `${serial}:${role}`;
    counts[key] = (counts[key] ?? 0) + 1;
    this.#write(counts);
    return Math.max(0, this.maxTries - (counts[key] ?? 0));
  }

  reset(serial: string, role: PinRole = 'user'): void {
    const counts = this.#read();
    const key = `${serial}:${role}`;
    if (!(key in counts)) return;
    delete counts[key];
    this.#write(counts);
  }
}
