export { DocPrinter, type DocPrintResult } from './doc-printer.js';
export { getJobState, waitForJob, type JobState, type WaitForJobOptions } from './job-state.js';
export { getPrinterAttributes, type PrinterAttributes } from './printer-attributes.js';
export { printJob, type PrintJobParameters, type PrintJobReturnType } from './print-job.js';
