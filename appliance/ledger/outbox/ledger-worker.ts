import type { Hex } from 'viem';
import { chainError } from '../chain/chain-error.js';
import { anchorBatch, type AnchorContext } from './anchor-batch.js';

export interface LedgerWorkerOptions extends AnchorContext {
  /** The terminal's organisation (bytes32): batches are anchored under it. */
  organisation: Hex;
  /** At most this many events per batch (one transaction). */
  batchSize?: number;
  /** A batch smaller than batchSize waits at most this long for more events. */
  batchWindowMs?: number;
  /** How often the outbox is looked at when idle. */
  pollMs?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Moves events from the outbox to the chain: first every batch already recorded (in order: a
 * batch that fails holds back the later ones, so the chain sees events in outbox order), then
 * new batches of up to batchSize events, or fewer once the oldest has waited batchWindowMs.
 */
export class LedgerWorker {
  readonly options: Required<Omit<LedgerWorkerOptions, 'onStep'>> & Pick<LedgerWorkerOptions, 'onStep'>;
  #running = false;
  #stopped: Promise<void> = Promise.resolve();
  #failures = 0;

  constructor(options: LedgerWorkerOptions) {
    this.options = { batchSize: 1000, batchWindowMs: 200, pollMs: 50, ...options };
  }

  #due(force: boolean): boolean {
    const { outbox, batchSize, batchWindowMs } = this.options;
    const unbatched = outbox.unbatchedCount();
    if (unbatched === 0) return false;
    if (force || unbatched >= batchSize) return true;
    const oldest = outbox.oldestUnbatchedAt();
    return oldest !== null && Date.now() - oldest >= batchWindowMs;
  }

  /**
   * One pass: anchors every recorded batch, then batches and anchors what is due (everything,
   * with `force`). Returns the number of events anchored. A chain failure is noted on the batch
   * and thrown; the events stay in the outbox.
   */
  async drain(force = false): Promise<number> {
    const { outbox, organisation, batchSize } = this.options;
    let anchored = 0;
    for (;;) {
      let batch = outbox.pendingBatches()[0];
      if (!batch && this.#due(force)) {
        batch = outbox.createBatch(organisation, batchSize);
        if (batch) this.options.onStep?.('recorded', batch.id);
      }
      if (!batch) return anchored;
      try {
        anchored += await anchorBatch(this.options, batch);
      } catch (error) {
        const typed = chainError(error);
        outbox.noteAttempt(batch.id, `${typed.code}: ${typed.messageEn}`);
        throw typed;
      }
    }
  }

  /** Runs until stop(): drains, sleeps, backs off (up to 30 s) while the chain fails. */
  start(onError: (error: unknown) => void = () => undefined): void {
    if (this.#running) return;
    this.#running = true;
    this.#stopped = (async () => {
      while (this.#running) {
        try {
          await this.drain();
          this.#failures = 0;
          await sleep(this.options.pollMs);
        } catch (error) {
          this.#failures++;
          onError(error);
          await sleep(Math.min(30_000, 100 * 2 ** Math.min(this.#failures, 9)));
        }
      }
    })();
  }

  async stop(): Promise<void> {
    this.#running = false;
    await this.#stopped;
  }
}
