import { setTimeout as delay } from 'node:timers/promises';

/** Waits ms, or less when the signal aborts (resolves either way: a stop is no failure). */
export async function sleep(ms: number, signal: AbortSignal): Promise<void> {
  await delay(ms, undefined, { signal }).catch(() => undefined);
}

/**
 * The work's outcome, unless the signal aborts and the work is still not done graceMs later:
 * then it rejects with the signal's reason and the work is left to end on its own (its failure
 * then goes unheard). Shutdown must not wait on a chain node that does not answer; what an
 * abandoned anchoring leaves is what a crash leaves, and the outbox is exactly-once across those.
 */
export function settleWithin<T>(work: Promise<T>, signal: AbortSignal, graceMs = 0): Promise<T> {
  work.catch(() => undefined);
  return new Promise<T>((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const onAbort = () => {
      timer = setTimeout(() => reject(signal.reason), graceMs);
    };
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
    });
  });
}
