import type { SealSigner } from '../../drivers/pkcs11/seal-signer.js';
import { recordCheckpoint, type AuditCheckpoint, type CheckpointEventLog } from './audit-checkpoint.js';
import type { AuditLog } from './audit-log.js';

export interface AuditCheckpointerOptions {
  log: AuditLog;
  events: CheckpointEventLog;
  /** Asked at each checkpoint: the token may have been pulled and put back since the last one. */
  signer: () => Promise<SealSigner>;
  intervalMs: number;
  /** A checkpoint that failed (token absent, outbox unwritable); the next tick tries again. */
  onError?: (error: unknown) => void;
}

/**
 * Checkpoints the audit head every intervalMs (when it moved) and on demand; one at a time, so
 * a slow token never stacks up signatures. The timer does not keep the process alive.
 */
export class AuditCheckpointer {
  readonly #options: AuditCheckpointerOptions;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<AuditCheckpoint | undefined> | undefined;

  constructor(options: AuditCheckpointerOptions) {
    this.#options = options;
  }

  start(): void {
    if (this.#timer || this.#options.intervalMs <= 0) return;
    this.#timer = setInterval(() => {
      this.checkpoint().catch((error: unknown) => this.#options.onError?.(error));
    }, this.#options.intervalMs);
    this.#timer.unref();
  }

  /** Now (`operatorId`: who asked); joins a checkpoint already under way rather than signing twice. */
  checkpoint(operatorId?: string): Promise<AuditCheckpoint | undefined> {
    this.#running ??= (async () => recordCheckpoint(this.#options.log, this.#options.events, await this.#options.signer(), operatorId))().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  /** Stops the timer and waits for a checkpoint under way. */
  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#running?.catch(() => undefined);
  }
}
