import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';
import { failureReason, group, ippRequest, isSuccess } from './ipp-request.js';

export interface PrintJobParameters {
  document: Uint8Array;
  /** MIME type of the document. */
  format?: string;
  /** Shown in the printer's queue; never put a citizen's name or ID number here. */
  jobName?: string;
  userName?: string;
  timeoutMs?: number;
}

export interface PrintJobReturnType {
  readonly jobId: number;
  readonly state: string;
}

/** Print-Job: sends the document; a refusal by the printer is PRINTER_REJECTED_JOB. */
export async function printJob(printerUri: string, parameters: PrintJobParameters): Promise<PrintJobReturnType> {
  const response = await ippRequest(
    printerUri,
    'Print-Job',
    {
      'requesting-user-name': parameters.userName ?? 'sealdesk',
      'job-name': parameters.jobName ?? 'sealdesk document',
      'document-format': parameters.format ?? 'application/pdf',
    },
    { data: parameters.document, timeoutMs: parameters.timeoutMs ?? 60_000 },
  );
  if (!isSuccess(response)) throw new SealdeskError('PRINTER_REJECTED_JOB', { reason: failureReason(response) });
  const job = group(response, 'job-attributes-tag');
  const jobId = job['job-id'];
  if (typeof jobId !== 'number') throw new SealdeskError('PRINTER_REJECTED_JOB', { reason: 'the printer returned no job-id', reasonZh: '打印机没有返回任务编号' });
  return { jobId, state: String(job['job-state'] ?? 'pending') };
}
