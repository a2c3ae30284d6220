import { readFile } from 'node:fs/promises';
import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';
import { jobs as documentJobs, type InspectPayload, type RehearsePayload, type VerifyPayload } from '../../appliance/document-pool/document-jobs.js';

/** Holds what it allocated, so the collector cannot free it: the heap only grows. */
const kept: unknown[] = [];

/** What a document could make its parser do, on purpose: each ends its thread's job one way. */
const hostile = {
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

/** The marker a test document starts with to pick a hostile behaviour, e.g. `%HOSTILE spin`. */
const MARK = /^%HOSTILE (spin|allocate|crash)/;

async function behaviourOf(path: string): Promise<(() => never) | undefined> {
  const head = (await readFile(path).catch(() => Buffer.alloc(0))).subarray(0, 32).toString('latin1');
  const name = MARK.exec(head)?.[1] as keyof typeof hostile | undefined;
  return name && hostile[name];
}

/**
 * The service's document jobs, with hostile kinds besides them and a `verify` that behaves
 * hostile for a file that starts with the marker (the real verify otherwise): through the real
 * routes and the real pool, a test makes a thread run long, run out of heap or die.
 */
export const jobs = {
  ...documentJobs,
  ...hostile,
  echo: async (payload: unknown) => payload,
  typed: async () => {
    throw new SealdeskError('PDF_MALFORMED', { reason: 'made to fail' });
  },
  async inspect(payload: InspectPayload): Promise<unknown> {
    return (await behaviourOf(payload.path))?.() ?? documentJobs.inspect(payload);
  },
  /** Hostile for an anchor text that is the marker itself: the upload went through, the stamp's parsing does not. */
  async rehearse(payload: RehearsePayload): Promise<unknown> {
    const name = payload.placement.kind === 'text' ? (MARK.exec(payload.placement.text)?.[1] as keyof typeof hostile | undefined) : undefined;
    return name ? hostile[name]() : documentJobs.rehearse(payload);
  },
  async verify(payload: VerifyPayload): Promise<unknown> {
    return (await behaviourOf(payload.path))?.() ?? documentJobs.verify(payload);
  },
};
