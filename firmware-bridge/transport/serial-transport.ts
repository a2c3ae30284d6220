import { EventEmitter } from 'node:events';
import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import { SerialPort } from 'serialport';
import { SealdeskError } from '../errors/sealdesk-error.js';
import { nodeIdentity } from './node-identity.js';
import type { Transport, TransportKind } from './transport.js';

export interface SerialTransportOptions {
  path: string;
  baudRate?: number;
  /** How often the device node is checked for an unplug; see below. */
  watchIntervalMs?: number;
}

/**
 * A serial port (USB adapter, built-in UART or pty) through `serialport`.
 *
 * Why the watcher: when the far end of a pty goes away (socat killed) serialport sees no
 * hang-up and its reads just stop, so 'close' would never come and a pending request would wait
 * forever. A USB adapter pulled out behaves alike on some kernels. So the transport also watches
 * the device node (gone or replaced = unplugged) and treats a failed write as an unplug. The node's
 * folder is watched through inotify, so an unplug is seen as the node goes, and polled as well, for
 * file systems and limits where inotify says nothing.
 */
export class SerialTransport extends EventEmitter implements Transport {
  readonly kind: TransportKind = 'serial';
  readonly path: string;
  readonly baudRate: number;
  readonly #watchIntervalMs: number;
  #port: SerialPort | undefined;
  #watch: NodeJS.Timeout | undefined;
  #folderWatch: FSWatcher | undefined;
  #identity: string | undefined;

  constructor(options: SerialTransportOptions) {
    super();
    this.path = options.path;
    this.baudRate = options.baudRate ?? 115200;
    this.#watchIntervalMs = options.watchIntervalMs ?? 200;
  }

  get isOpen(): boolean {
    return this.#port?.isOpen === true;
  }

  async open(): Promise<void> {
    if (this.isOpen) return;
    this.#identity = await nodeIdentity(this.path);
    if (this.#identity === undefined) throw new SealdeskError('DEVICE_DISCONNECTED', { device: this.path });
    const port = new SerialPort({ path: this.path, baudRate: this.baudRate, autoOpen: false });
    await new Promise<void>((resolve, reject) =>
      port.open((error) =>
        error ? reject(new SealdeskError('DEVICE_DISCONNECTED', { device: this.path }, { cause: error })) : resolve(),
      ),
    );
    this.#port = port;
    port.on('data', (chunk: Buffer) => this.emit('data', chunk));
    // serialport emits 'error' for write failures too; those are handled as unplugs below.
    port.on('error', (error: Error) => this.#lost(error));
    port.on('close', (error?: Error) => this.#lost(error));
    this.#watch = setInterval(() => void this.#checkNode(), this.#watchIntervalMs);
    this.#watch.unref();
    this.#folderWatch = this.#watchFolder();
  }

  #watchFolder(): FSWatcher | undefined {
    const name = basename(this.path);
    try {
      const watcher = watch(dirname(this.path), { persistent: false }, (_event, file) => {
        if (file === null || file === name) void this.#checkNode();
      });
      watcher.on('error', () => watcher.close()); // the folder itself went (a pty's temp dir): the poll still runs
      return watcher;
    } catch {
      return undefined; // no inotify here (limit reached, odd file system): the poll alone finds the unplug
    }
  }

  async #checkNode(): Promise<void> {
    if (this.#port === undefined) return;
    const identity = await nodeIdentity(this.path);
    if (identity !== this.#identity) this.#lost(new Error(`device node ${this.path} disappeared`));
  }

  write(data: Uint8Array): Promise<void> {
    const port = this.#port;
    if (port === undefined || !port.isOpen) return Promise.reject(new SealdeskError('DEVICE_DISCONNECTED', { device: this.path }));
    return new Promise((resolve, reject) => {
      port.write(Buffer.from(data));
      port.drain((error) => {
        if (!error) return resolve();
        const lost = new SealdeskError('DEVICE_DISCONNECTED', { device: this.path }, { cause: error });
        this.#lost(error);
        reject(lost);
      });
    });
  }

  async close(): Promise<void> {
    const port = this.#detach();
    if (port === undefined) return;
    if (port.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
    this.emit('close');
  }

  /** Forgets the port so every later event of it is ignored; returns it for closing. */
  #detach(): SerialPort | undefined {
    const port = this.#port;
    this.#port = undefined;
    if (this.#watch) clearInterval(this.#watch);
    this.#watch = undefined;
    this.#folderWatch?.close();
    this.#folderWatch = undefined;
    return port;
  }

  #lost(cause: unknown): void {
    const port = this.#detach();
    if (port === undefined) return;
    port.removeAllListeners('data');
    port.on('error', () => undefined); // late errors of a dead port are expected noise
    if (port.isOpen) port.close(() => undefined);
    this.emit('close', new SealdeskError('DEVICE_DISCONNECTED', { device: this.path }, { cause }));
  }
}
