import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';

/** Holds what it allocated, so the collector cannot free it: the heap only grows. */
const kept: unknown[] = [];

/** What a document could make its parser do, on purpose: each ends its thread's job one way. */
export const hostile = {
  /** A job past the wall time: a synchronous loop no promise or signal can interrupt. */
  spin(): never {
    for (;;) Math.random();
  },
  /** A job past the heap ceiling. */
  allocate(): never {
    // 8 MB of pointers a step: the ceiling is reached in a few steps, not after a long GC struggle
    for (;;) kept.push(new Array(1 << 20).fill({ page: kept.length }));
  },
  /** A thread that dies under its job. */
  crash(): never {
    process.exit(3);
  },
};

/**
 * A jobs module for WorkerPool's own tests: the hostile kinds and two plain ones, without the
 * document layer (a thread boots in a fraction of the time).
 */
export const jobs = {
  ...hostile,
  echo: async (payload: unknown) => payload,
  typed: async () => {
    throw new SealdeskError('PDF_MALFORMED', { reason: 'made to fail' });
  },
};
