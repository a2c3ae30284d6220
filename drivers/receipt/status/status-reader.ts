import { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import type { Transport } from '../../../firmware-bridge/transport/transport.js';
import { wireError } from '../wire-error.js';
import { decodeStatus, isStatusByte, type PrinterStatus } from './printer-status.js';
import { FULL_STATUS_REQUEST } from './status-request.js';

/**
 * Asks the printer DLE EOT 1, 2, 4 and waits for its three bytes. An ESC/POS printer sends
 * nothing unasked (automatic status back is left off), so bytes that arrive while no question
 * is open, or that are not status bytes, are dropped.
 */
export class StatusReader {
  private received: number[] = [];
  private waiter: (() => void) | undefined;
  private closedWith: SealdeskError | undefined;

  constructor(
    private readonly transport: Transport,
    private readonly timeoutMs: number,
  ) {
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

  async read(): Promise<PrinterStatus> {
    if (this.closedWith !== undefined || !this.transport.isOpen) {
      throw this.closedWith ?? new SealdeskError('DEVICE_DISCONNECTED', { device: this.transport.path });
    }
    this.received = [];
    let timer: NodeJS.Timeout | undefined;
    const answered = new Promise<void>((resolve, reject) => {
      this.waiter = () => {
        if (this.closedWith !== undefined) reject(this.closedWith);
        else if (this.received.length >= 3) resolve();
      };
      timer = setTimeout(() => reject(new SealdeskError('DEVICE_TIMEOUT', { device: this.transport.path })), this.timeoutMs);
    });
    try {
      await this.transport.write(FULL_STATUS_REQUEST).catch((error: unknown) => {
        throw wireError(error, this.transport.path);
      });
      await answered;
    } finally {
      clearTimeout(timer);
      this.waiter = undefined;
    }
    const [printer, cause, paper] = this.received as [number, number, number];
    return decodeStatus(printer, cause, paper);
  }
}
