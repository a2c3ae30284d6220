import { setTimeout as sleep } from 'node:timers/promises';
import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';
import { failureReason, group, ippRequest, isSuccess, list, printerLabel } from './ipp-request.js';

export interface JobState {
  /** RFC 8011 job-state: pending, pending-held, processing, processing-stopped, canceled, aborted, completed. */
  readonly state: string;
  readonly reasons: readonly string[];
}

const FINAL = new Set(['completed', 'aborted', 'canceled']);

/** Get-Job-Attributes for job-state and job-state-reasons. */
export async function getJobState(printerUri: string, jobId: number, timeoutMs?: number): Promise<JobState> {
  const response = await ippRequest(
    printerUri,
    'Get-Job-Attributes',
    { 'job-id': jobId, 'requested-attributes': ['job-state', 'job-state-reasons'] },
    { timeoutMs },
  );
  if (!isSuccess(response)) {
    const failure = failureReason(response);
    throw new SealdeskError('PRINTER_REJECTED_JOB', { reason: `job ${jobId}: ${failure}`, reasonZh: `打印任务 ${jobId}：${failure}` });
  }
  const job = group(response, 'job-attributes-tag');
  return { state: String(job['job-state'] ?? 'unknown'), reasons: list(job['job-state-reasons']) };
}

export interface WaitForJobOptions {
  pollMs?: number;
  timeoutMs?: number;
}

/**
 * Polls until the job is completed, aborted or canceled. Aborted and canceled are the printer
 * giving up the job: PRINTER_REJECTED_JOB with its reasons. A job still open at the deadline is
 * DEVICE_TIMEOUT; it stays queued on the printer.
 */
export async function waitForJob(printerUri: string, jobId: number, options: WaitForJobOptions = {}): Promise<JobState> {
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  for (;;) {
    const job = await getJobState(printerUri, jobId);
    if (job.state === 'completed') return job;
    if (FINAL.has(job.state)) {
      throw new SealdeskError('PRINTER_REJECTED_JOB', { reason: `job ${jobId} ${job.state} (${job.reasons.join(', ')})`, reasonZh: `打印任务 ${jobId} 状态为 ${job.state}（${job.reasons.join(', ')}）` });
    }
    if (Date.now() > deadline) throw new SealdeskError('DEVICE_TIMEOUT', { device: printerLabel(printerUri) });
    await sleep(options.pollMs ?? 200);
  }
}
