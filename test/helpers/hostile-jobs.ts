import { readFile } from 'node:fs/promises';
import { hostile } from './hostile-behaviours.js';
import { jobs as documentJobs, type InspectPayload, type RehearsePayload, type VerifyPayload } from '../../appliance/document-pool/document-jobs.js';

/** The marker a test document starts with to pick a hostile behaviour, e.g. `%HOSTILE spin`. */
const MARK = /^%HOSTILE (spin|allocate|crash)/;

async function behaviourOf(path: string): Promise<(() => never) | undefined> {
  const head = (await readFile(path).catch(() => Buffer.alloc(0))).subarray(0, 32).toString('latin1');
  const name = MARK.exec(head)?.[1] as keyof typeof hostile | undefined;
  return name && hostile[name];
}

/**
 * The service's document jobs, whose inspect and verify turn hostile for a file that starts with
 * the marker (and rehearse for a marker as anchor text), the real jobs otherwise: through the real
 * routes and the real pool, a test makes a thread run long, run out of heap or die.
 */
export const jobs = {
  ...documentJobs,
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
