import type { ReceiptJob } from '../../../drivers/receipt/job/receipt-job.js';
import { ReceiptPrinter, type PrintResult } from '../../../drivers/receipt/receipt-printer.js';
import { isSealdeskError, SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import { SerialTransport } from '../../../firmware-bridge/transport/serial-transport.js';

export interface ReceiptOutcome extends PrintResult {
  /** True when this call finished a job interrupted earlier (paper out) instead of starting one. */
  resumed: boolean;
}

/**
 * What the receipt printer is doing, as the counter's panel names it: a receipt on its way
 * (`printing`), a receipt the printer stopped and holds until resumed (`paper-out`, `cover-open`,
 * `offline`), the last receipt unanswered (`no-reply`: the next one may go ahead), or `idle`.
 */
export type ReceiptActivity = 'idle' | 'printing' | 'paper-out' | 'cover-open' | 'offline' | 'no-reply';

const STOPPED_BY: Readonly<Record<string, ReceiptActivity>> = { PRINTER_PAPER_OUT: 'paper-out', PRINTER_COVER_OPEN: 'cover-open', PRINTER_OFFLINE: 'offline' };

/**
 * The hall's receipt printer, kept open across requests: an interrupted job (paper out, cover
 * open) lives in the driver's ReceiptPrinter, so the retry for the same receipt resumes it and
 * prints no line twice. A different receipt meanwhile is DEVICE_BUSY until the clerk resumes or
 * discards the waiting one — but only while the printer holds it: a receipt the printer did not
 * answer about (timeout) holds nothing, so the next receipt goes ahead and the unanswered one is
 * printed again from the start by its own retry. A port that went away (cable pulled, printer
 * switched off: its buffer is gone with it) is reopened on the next job, which starts the receipt over.
 */
export class HallReceiptPrinter {
  #transport: SerialTransport | undefined;
  #printer: ReceiptPrinter | undefined;
  /** Which receipt the interrupted job belongs to. */
  #waiting: string | undefined;
  #activity: ReceiptActivity = 'idle';

  constructor(readonly path: string) {}

  /** The receipt the printer holds until it is resumed (paper out, cover open, offline). */
  get waitingFor(): string | undefined {
    return this.#printer?.interrupted?.cause === 'printer-stopped' ? this.#waiting : undefined;
  }

  get activity(): ReceiptActivity {
    return this.#activity;
  }

  async print(key: string, build: () => ReceiptJob, options: { restart?: boolean } = {}): Promise<ReceiptOutcome> {
    const printer = await this.#open();
    const interrupted = printer.interrupted;
    if (interrupted) {
      if (this.#waiting === key && !options.restart) return this.#run(key, () => printer.resume(), true);
      if (interrupted.cause === 'printer-stopped' && this.#waiting !== key) throw new SealdeskError('DEVICE_BUSY', { device: this.path, reason: `receipt ${this.#waiting ?? '?'} waits to be resumed` });
      printer.discard();
    }
    return this.#run(key, () => printer.print(build()), false);
  }

  async close(): Promise<void> {
    const transport = this.#transport;
    this.#transport = undefined;
    this.#printer = undefined;
    await transport?.close().catch(() => undefined);
  }

  async #run(key: string, work: () => Promise<PrintResult>, resumed: boolean): Promise<ReceiptOutcome> {
    this.#activity = 'printing';
    try {
      const result = await work();
      this.#waiting = undefined;
      this.#activity = 'idle';
      return { ...result, resumed };
    } catch (error) {
      if (this.#printer?.interrupted) this.#waiting = key;
      this.#activity = (isSealdeskError(error) ? STOPPED_BY[error.code] : undefined) ?? 'no-reply';
      // a lost port: drop it; the next job opens it again and prints the receipt from the start
      if (isSealdeskError(error, 'DEVICE_DISCONNECTED')) await this.close();
      throw error;
    }
  }

  async #open(): Promise<ReceiptPrinter> {
    if (this.#printer && this.#transport?.isOpen) return this.#printer;
    await this.close();
    const transport = new SerialTransport({ path: this.path, baudRate: 115200 });
    await transport.open();
    this.#transport = transport;
    this.#printer = new ReceiptPrinter(transport);
    return this.#printer;
  }
}
