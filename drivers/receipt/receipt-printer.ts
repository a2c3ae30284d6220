import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';
import type { Transport } from '../../firmware-bridge/transport/transport.js';
import type { ReceiptJob } from './job/receipt-job.js';
import type { PrinterStatus } from './status/printer-status.js';
import { statusError, statusWarnings, type PrinterWarning } from './status/status-check.js';
import { DEFAULT_BAUD_RATE, DEFAULT_REPLY_MS, replyDeadlineMs, type ReplyTiming } from './status/reply-deadline.js';
import { StatusReader } from './status/status-reader.js';
import { FULL_STATUS_REQUEST } from './status/status-request.js';
import { wireError } from './wire-error.js';

export interface ReceiptPrinterOptions {
  /**
   * How long the answer to a status request may take beyond the time its block needs on the wire:
   * the printer's reply and a busy host (default 3,000 ms; see status/reply-deadline.ts).
   */
  statusTimeoutMs?: number;
  /** Line speed, to know how long a block takes on the wire (default 115,200; the transport's when it says). */
  baudRate?: number;
}

export interface PrintResult {
  /** Blocks sent in this call (all of them for print(), the rest for resume()). */
  readonly blocksSent: number;
  readonly warnings: readonly PrinterWarning[];
}

/**
 * Where an interrupted job stands: blocks before `next` are on paper or held by the printer, the
 * rest are not sent. `cause`: the printer answered that it stopped (paper out, cover open,
 * offline: it holds what it got and waits for resume), or it did not answer at all (timeout,
 * cable pulled: nothing waits on the printer's side, so another job may go ahead).
 */
export interface InterruptedJob {
  readonly job: ReceiptJob;
  readonly next: number;
  readonly cause: 'printer-stopped' | 'no-reply';
}

/**
 * An ESC/POS receipt printer on any Transport. The status is checked before the job and after
 * every block. A printer that runs out of paper (or has its cover opened, or goes offline)
 * finishes the line it is on, stops, and keeps everything it received in its buffer; once paper
 * is loaded it prints that buffer by itself (Epson ESC c 4: "printing stops after printing the
 * current line … the printer goes offline"; the buffer is not cleared). So a block after which
 * the printer ANSWERED a stopping status is in its hands and will print: resume() sends only the
 * blocks after it — re-sending it would print it twice. A block whose status never came (cable
 * pulled, printer switched off: its buffer is gone) is not counted and is sent again on resume.
 */
export class ReceiptPrinter {
  private readonly status: StatusReader;
  private readonly timing: ReplyTiming;
  private busy = false;
  private stopped: InterruptedJob | undefined;

  constructor(
    private readonly transport: Transport,
    options: ReceiptPrinterOptions = {},
  ) {
    this.status = new StatusReader(transport);
    const wireBaud = (transport as Partial<{ baudRate: number }>).baudRate;
    this.timing = { replyMs: options.statusTimeoutMs ?? DEFAULT_REPLY_MS, baudRate: options.baudRate ?? wireBaud ?? DEFAULT_BAUD_RATE };
  }

  /** The job waiting for resume(), if one was interrupted. */
  get interrupted(): InterruptedJob | undefined {
    return this.stopped;
  }

  async readStatus(): Promise<PrinterStatus> {
    return this.exclusive(() => this.status.read(replyDeadlineMs(this.timing, FULL_STATUS_REQUEST.length)));
  }

  /**
   * Prints a new job. A job the printer stopped (paper out…) holds its place until resume() or
   * discard(); one the printer never answered about is given up, so a late or lost answer does
   * not keep every later receipt waiting.
   */
  async print(job: ReceiptJob): Promise<PrintResult> {
    return this.exclusive(() => {
      if (this.stopped?.cause === 'printer-stopped') {
        throw new SealdeskError('DEVICE_BUSY', { device: this.transport.path, reason: 'an interrupted job waits for resume' });
      }
      return this.run({ job, next: 0, cause: 'no-reply' });
    });
  }

  /** Continues the interrupted job after the clerk loaded paper or closed the cover. */
  async resume(): Promise<PrintResult> {
    return this.exclusive(() => {
      if (this.stopped === undefined) throw new SealdeskError('INPUT_INVALID', { reason: 'no interrupted receipt job to resume', reasonZh: '没有可恢复的中断小票打印任务' });
      return this.run(this.stopped);
    });
  }

  /** Gives up the interrupted job, e.g. when the clerk reprints from the start. */
  discard(): void {
    this.stopped = undefined;
  }

  private async run(from: InterruptedJob): Promise<PrintResult> {
    const { job } = from;
    let next = from.next;
    const warnings = new Map<string, PrinterWarning>();
    /** Reads the status; `sentBytes` > 0: a block went out before it, so an answer stopping us still means the printer holds that block. */
    const check = async (sentBytes: number): Promise<void> => {
      const status = await this.status.read(replyDeadlineMs(this.timing, sentBytes + FULL_STATUS_REQUEST.length));
      for (const w of statusWarnings(status)) warnings.set(w.kind, w);
      if (sentBytes > 0) next += 1; // the printer answered: the block is in its buffer, printed or held
      const error = statusError(status, {
        printer: this.transport.path,
        blocksSent: next,
        blocksLeft: job.blocks.length - next,
      });
      if (error) {
        this.stopped = { job, next, cause: 'printer-stopped' };
        throw error;
      }
    };

    this.stopped = { job, next, cause: 'no-reply' }; // until the printer answers, this job is where nothing is known
    await check(0);
    while (next < job.blocks.length) {
      this.stopped = { job, next, cause: 'no-reply' }; // a transport failure or silence after the block leaves it to be sent again
      await this.transport.write(job.blocks[next]!).catch((error: unknown) => {
        throw wireError(error, this.transport.path);
      });
      await check(job.blocks[next]!.length);
    }
    this.stopped = undefined;
    return { blocksSent: job.blocks.length - from.next, warnings: [...warnings.values()] };
  }

  private async exclusive<T>(work: () => Promise<T> | T): Promise<T> {
    if (this.busy) throw new SealdeskError('DEVICE_BUSY', { device: this.transport.path });
    this.busy = true;
    try {
      return await work();
    } finally {
      this.busy = false;
    }
  }
}
