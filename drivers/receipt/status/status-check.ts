import { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import type { PrinterStatus } from './printer-status.js';

/** A condition worth telling the clerk that does not stop printing. */
export interface PrinterWarning {
  readonly kind: 'paper-near-end';
  readonly zh: string;
  readonly en: string;
}

export const PAPER_NEAR_END: PrinterWarning = {
  kind: 'paper-near-end',
  zh: '打印纸即将用完，请准备新纸卷。',
  en: 'The paper roll is nearly used up; have a new roll ready.',
};

/**
 * The error that stops printing, or undefined. Paper out comes first: loading paper is what
 * the clerk does next, and a printer reports itself offline and often its cover open while
 * out of paper. Offline alone means a cause the printer does not tell (e.g. a feed button held).
 */
export function statusError(status: PrinterStatus, details: Record<string, string | number> = {}): SealdeskError | undefined {
  if (status.paperOut) return new SealdeskError('PRINTER_PAPER_OUT', details);
  if (status.coverOpen) return new SealdeskError('PRINTER_COVER_OPEN', details);
  if (status.offline) return new SealdeskError('PRINTER_OFFLINE', details);
  return undefined;
}

export function statusWarnings(status: PrinterStatus): PrinterWarning[] {
  return status.paperNearEnd ? [PAPER_NEAR_END] : [];
}
