import { EventEmitter } from 'node:events';
import type { Transport } from '../transport/transport.js';
import type { DeviceInfo } from './device-info.js';
import type { DeviceWatcher } from './device-watcher.js';

export interface KeepOpenOptions {
  watcher: DeviceWatcher;
  path: string;
  /** Makes a fresh, unopened transport for the device (a closed transport may not reopen cleanly). */
  transport: () => Transport;
  /** Delay before trying again when opening fails while the device is listed. */
  retryMs?: number;
}

/**
 * Keeps one device open across unplugs: opens it when it is (or becomes) present, and again
 * each time it comes back. Events: 'open' (transport) — build the driver on it; 'lost' (error?)
 * when it went away; 'error' (error) when an open attempt failed (it is retried).
 */
export class KeepOpen extends EventEmitter {
  readonly path: string;
  readonly #options: KeepOpenOptions;
  #current: Transport | undefined;
  #opening = false;
  #stopped = false;
  #retry: NodeJS.Timeout | undefined;
  readonly #onAttach = (d: DeviceInfo) => {
    if (d.path === this.path) void this.#open();
  };

  constructor(options: KeepOpenOptions) {
    super();
    this.#options = options;
    this.path = options.path;
  }

  get transport(): Transport | undefined {
    return this.#current;
  }

  start(): void {
    this.#options.watcher.on('attach', this.#onAttach);
    if (this.#options.watcher.devices.some((d) => d.path === this.path)) void this.#open();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#retry);
    this.#options.watcher.off('attach', this.#onAttach);
    const t = this.#current;
    this.#current = undefined;
    await t?.close();
  }

  async #open(): Promise<void> {
    if (this.#stopped || this.#opening || this.#current?.isOpen) return;
    this.#opening = true;
    const transport = this.#options.transport();
    try {
      await transport.open();
    } catch (error) {
      this.emit('error', error);
      if (this.#options.watcher.devices.some((d) => d.path === this.path)) {
        this.#retry = setTimeout(() => void this.#open(), this.#options.retryMs ?? 250);
      }
      return;
    } finally {
      this.#opening = false;
    }
    if (this.#stopped) return void (await transport.close());
    this.#current = transport;
    transport.once('close', (error?: Error) => {
      if (this.#current !== transport) return;
      this.#current = undefined;
      this.emit('lost', error);
      // Maybe already back (a fast replug between two scans): try at once.
      if (this.#options.watcher.devices.some((d) => d.path === this.path)) void this.#open();
    });
    this.emit('open', transport);
  }
}
