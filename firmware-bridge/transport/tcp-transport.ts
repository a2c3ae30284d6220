import { EventEmitter } from 'node:events';
import { Socket } from 'node:net';
import { SealdeskError } from '../errors/sealdesk-error.js';
import type { Transport, TransportKind } from './transport.js';

export interface TcpTransportOptions {
  host: string;
  /** 9100 is the raw port of ESC/POS network printers. */
  port?: number;
  connectTimeoutMs?: number;
}

/** A raw TCP socket to a device, e.g. a network receipt printer on port 9100. */
export class TcpTransport extends EventEmitter implements Transport {
  readonly kind: TransportKind = 'tcp';
  readonly path: string;
  readonly #host: string;
  readonly #port: number;
  readonly #connectTimeoutMs: number;
  #socket: Socket | undefined;

  constructor(options: TcpTransportOptions) {
    super();
    this.#host = options.host;
    this.#port = options.port ?? 9100;
    this.#connectTimeoutMs = options.connectTimeoutMs ?? 3000;
    this.path = `${this.#host}:${this.#port}`;
  }

  get isOpen(): boolean {
    return this.#socket !== undefined;
  }

  async open(): Promise<void> {
    if (this.#socket) return;
    const socket = new Socket();
    await new Promise<void>((resolve, reject) => {
      const fail = (cause: unknown) => {
        socket.destroy();
        reject(new SealdeskError('DEVICE_DISCONNECTED', { device: this.path }, { cause }));
      };
      const timer = setTimeout(() => fail(new Error('connect timeout')), this.#connectTimeoutMs);
      socket.once('error', (error) => {
        clearTimeout(timer);
        fail(error);
      });
      socket.connect(this.#port, this.#host, () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        resolve();
      });
    });
    // Small command frames must not wait for Nagle's algorithm.
    socket.setNoDelay(true);
    socket.setKeepAlive(true, 5000);
    this.#socket = socket;
    socket.on('data', (chunk: Buffer) => this.emit('data', chunk));
    socket.on('error', () => undefined); // 'close' follows every socket error and reports it
    socket.on('close', () => {
      if (this.#socket !== socket) return;
      this.#socket = undefined;
      this.emit('close', new SealdeskError('DEVICE_DISCONNECTED', { device: this.path }));
    });
  }

  write(data: Uint8Array): Promise<void> {
    const socket = this.#socket;
    if (!socket) return Promise.reject(new SealdeskError('DEVICE_DISCONNECTED', { device: this.path }));
    return new Promise((resolve, reject) =>
      socket.write(data, (error) =>
        error ? reject(new SealdeskError('DEVICE_DISCONNECTED', { device: this.path }, { cause: error })) : resolve(),
      ),
    );
  }

  async close(): Promise<void> {
    const socket = this.#socket;
    if (!socket) return;
    this.#socket = undefined;
    // end() lets written bytes go out first; a peer that never acknowledges must not hold close().
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 1000);
      socket.end(() => {
        clearTimeout(timer);
        resolve();
      });
    });
    socket.destroy();
    this.emit('close');
  }
}
