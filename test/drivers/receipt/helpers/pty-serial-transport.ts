import { EventEmitter } from 'node:events';
import { SerialPort } from 'serialport';
import type { Transport } from '../../../../firmware-bridge/transport/transport.js';

/**
 * Test-only Transport over a serialport-opened path (a pty end here), kept under test/ until
 * the firmware-bridge serial transport is the one drivers are tested with.
 */
export class PtySerialTransport extends EventEmitter implements Transport {
  readonly kind = 'serial' as const;
  private port: SerialPort | undefined;

  constructor(
    readonly path: string,
    private readonly baudRate = 115200,
  ) {
    super();
  }

  get isOpen(): boolean {
    return this.port?.isOpen ?? false;
  }

  open(): Promise<void> {
    return new Promise((resolve, reject) => {
      const port = new SerialPort({ path: this.path, baudRate: this.baudRate }, (error) => {
        if (error) return reject(error);
        this.port = port;
        port.on('data', (chunk: Buffer) => this.emit('data', chunk));
        port.on('close', (err?: Error) => this.emit('close', err));
        resolve();
      });
    });
  }

  write(data: Uint8Array): Promise<void> {
    const port = this.port;
    if (port === undefined) return Promise.reject(new Error('not open'));
    return new Promise((resolve, reject) => {
      port.write(Buffer.from(data), (error) => {
        if (error) return reject(error);
        port.drain((err) => (err ? reject(err) : resolve()));
      });
    });
  }

  close(): Promise<void> {
    const port = this.port;
    if (port === undefined || !port.isOpen) return Promise.resolve();
    return new Promise((resolve) => port.close(() => resolve()));
  }
}
