import { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import type { ServiceContext } from '../service-context.js';
import type { JobStore } from './job-store.js';
import { recovered } from './run-stamp.js';

/**
 * At start-up no attempt runs yet, so a job on disk that says 'running' was cut off by the
 * process that stopped. Without a key nobody can ever retry it, so it would say 'running'
 * forever: a stamp whose event reached the outbox is written down as done, any other loses its
 * partial output and fails STAMP_INTERRUPTED (a keyed retry then runs it again, as it would have).
 */
export async function sweepInterruptedJobs(context: ServiceContext, jobs: JobStore): Promise<{ done: number; failed: number }> {
  const swept = { done: 0, failed: 0 };
  for (const job of jobs.all()) {
    if (job.status !== 'running' || jobs.running(job.id)) continue;
    if (await recovered(context, jobs, job)) {
      swept.done++;
      continue;
    }
    await jobs.removeOutput(job.id);
    await jobs.fail(job, new SealdeskError('STAMP_INTERRUPTED').toJSON());
    swept.failed++;
  }
  return swept;
}
