import { isSealdeskError, SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import type { Transport } from '../../../firmware-bridge/transport/transport.js';
import { wireError } from '../wire-error.js';
import { decodeStatus, isStatusByte, type PrinterStatus } from './printer-status.js';
import { FULL_STATUS_REQUEST } from './status-request.js';

/** After a question went unanswered, how long the answer must be quiet before its newest three bytes are taken. */
const SETTLE_MS = 50;

/**
 * Asks the printer DLE EOT 1, 2, 4 and waits for its three bytes. An ESC/POS printer sends
 * nothing unasked (automatic status back is left off), so bytes that arrive while no question
 * is open, or that are not status bytes, are dropped. A question that timed out may still be
 * answered late, during the next one: the wire keeps order, so then the newest three bytes are
 * the answer, taken once the line has been quiet a moment.
 */
export class StatusReader {
  private received: number[] = [];
  private waiter: (() => void) | undefined;
  private closedWith: SealdeskError | undefined;
  /** The last question timed out: its answer may arrive late, before the next one's. */
  private lateAnswerPossible = false;

  constructor(private readonly transport: Transport) {
    transport.on('data', (chunk: Buffer) => {
      if (this.waiter === undefined) return;
      for (const byte of chunk) if (isStatusByte(byte)) this.received.push(byte);
      this.waiter();
    });
    transport.on('close', () => {
      this.closedWith = new SealdeskError('DEVICE_DISCONNECTED', { device: transport.path });
      this.waiter?.();
    });
  }

  /** `timeoutMs`: from handing the request to the OS until the answer (see reply-deadline.ts). */
  async read(timeoutMs: number): Promise<PrinterStatus> {
    if (this.closedWith !== undefined || !this.transport.isOpen) {
      throw this.closedWith ?? new SealdeskError('DEVICE_DISCONNECTED', { device: this.transport.path });
    }
    this.received = [];
    let timer: NodeJS.Timeout | undefined;
    let settle: NodeJS.Timeout | undefined;
    let timeout!: () => void;
    const answered = new Promise<void>((resolve, reject) => {
      this.waiter = () => {
        if (this.closedWith !== undefined) return reject(this.closedWith);
        if (this.received.length < 3) return;
        if (!this.lateAnswerPossible) return resolve();
        clearTimeout(settle);
        settle = setTimeout(resolve, SETTLE_MS);
      };
      timeout = () => reject(new SealdeskError('DEVICE_TIMEOUT', { device: this.transport.path }));
    });
    try {
      await this.transport.write(FULL_STATUS_REQUEST).catch((error: unknown) => {
        throw wireError(error, this.transport.path);
      });
      // the clock starts once the request is on its way: a write queued behind a long block is not the printer's delay
      timer = setTimeout(timeout, timeoutMs);
      await answered;
      this.lateAnswerPossible = false;
    } catch (error) {
      if (isSealdeskError(error, 'DEVICE_TIMEOUT')) this.lateAnswerPossible = true;
      throw error;
    } finally {
      clearTimeout(timer);
      clearTimeout(settle);
      this.waiter = undefined;
    }
    const [printer, cause, paper] = this.received.slice(-3) as [number, number, number];
    return decodeStatus(printer, cause, paper);
  }
}
