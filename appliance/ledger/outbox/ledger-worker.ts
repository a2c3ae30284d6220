import type { Hex } from 'viem';
import { chainError } from '../chain/chain-error.js';
import { settleWithin, sleep } from './abortable.js';
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

/** An anchoring in flight at stop() gets this long to finish before it is left behind. */
const STOP_GRACE_MS = 1_000;

/**
 * Moves events from the outbox to the chain: first every batch already recorded (in order: a
 * batch that fails holds back the later ones, so the chain sees events in outbox order), then
 * new batches of up to batchSize events, or fewer once the oldest has waited batchWindowMs.
 */
export class LedgerWorker {
  readonly options: Required<Omit<LedgerWorkerOptions, 'onStep'>> & Pick<LedgerWorkerOptions, 'onStep'>;
  #abort: AbortController | undefined;
  #abandoned = false;
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

  /**
   * Runs until stop(): drains, sleeps, backs off (up to 30 s) while the chain fails. stop() cuts
   * the back-off short and gives an anchoring in flight STOP_GRACE_MS, so a shutdown with the chain
   * down is not held by a sleeping worker or a node that does not answer.
   */
  start(onError: (error: unknown) => void = () => undefined): void {
    if (this.running) return;
    const abort = new AbortController();
    this.#abort = abort;
    const { signal } = abort;
    this.#stopped = (async () => {
      while (!signal.aborted) {
        try {
          await settleWithin(this.drain(), signal, STOP_GRACE_MS);
          this.#failures = 0;
          await sleep(this.options.pollMs, signal);
        } catch (error) {
          if (signal.aborted) {
            this.#abandoned = true;
            return;
          }
          this.#failures++;
          onError(error);
          await sleep(Math.min(30_000, 100 * 2 ** Math.min(this.#failures, 9)), signal);
        }
      }
    })();
  }

  /** True when stop() left an anchoring behind (the next start finishes it, exactly once). */
  get abandoned(): boolean {
    return this.#abandoned;
  }

  get running(): boolean {
    return this.#abort !== undefined && !this.#abort.signal.aborted;
  }

  async stop(): Promise<void> {
    this.#abort?.abort(new Error('the ledger worker was stopped'));
    await this.#stopped;
  }
}
