import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';
import { waitForJob, type JobState, type WaitForJobOptions } from './job-state.js';
import { getPrinterAttributes, type PrinterAttributes } from './printer-attributes.js';
import { printJob, type PrintJobParameters } from './print-job.js';

export interface DocPrintResult extends JobState {
  readonly jobId: number;
}

/** A document printer reached over IPP, e.g. ipp://printer.hall.local/ipp/print. */
export class DocPrinter {
  constructor(
    readonly uri: string,
    private readonly options: WaitForJobOptions = {},
  ) {}

  attributes(): Promise<PrinterAttributes> {
    return getPrinterAttributes(this.uri);
  }

  /** Sends the PDF and returns once the printer reports the job completed. */
  async printPdf(document: Uint8Array, parameters: Omit<PrintJobParameters, 'document'> = {}): Promise<DocPrintResult> {
    // Printers accept any bytes labelled application/pdf and then print garbage pages or
    // abort much later; a document without the PDF header is refused here, before it is sent.
    const isPdf = Buffer.from(document.subarray(0, 5)).toString('latin1') === '%PDF-';
    if ((parameters.format ?? 'application/pdf') === 'application/pdf' && !isPdf) {
      throw new SealdeskError('INPUT_INVALID', { reason: 'the document is not a PDF (no %PDF- header)', reasonZh: '文件不是 PDF（缺少 %PDF- 文件头）' });
    }
    const { jobId } = await printJob(this.uri, { format: 'application/pdf', ...parameters, document });
    const final = await waitForJob(this.uri, jobId, this.options);
    return { jobId, ...final };
  }
}
