import { EventEmitter } from 'node:events';
import { SealdeskError } from '../errors/sealdesk-error.js';
import { isHidDisconnect, toOutputReports } from './hid-reports.js';
import type { Transport, TransportKind } from './transport.js';

/** What the transport needs of an open HID device: the shape of node-hid's HIDAsync. */
export interface HidDeviceHandle extends EventEmitter {
  write(values: Buffer): Promise<number>;
  close(): Promise<void>;
}

export type HidOpener = (path: string) => Promise<HidDeviceHandle>;

export interface HidTransportOptions {
  /** hidapi device path, as discovery lists it. */
  path: string;
  /** Output report size without the report id byte. */
  reportSize?: number;
  reportId?: number;
  /** Defaults to node-hid; tests pass their own because this machine has no HID devices. */
  opener?: HidOpener;
}

const nodeHidOpener: HidOpener = async (path) => {
  // Loaded on first use so that serial-only installs never load the native module.
  const hid = await import('node-hid');
  return (await hid.HIDAsync.open(path, { nonExclusive: true })) as unknown as HidDeviceHandle;
};

/** A HID device through node-hid: input reports arrive as 'data', writes go out as reports. */
export class HidTransport extends EventEmitter implements Transport {
  readonly kind: TransportKind = 'hid';
  readonly path: string;
  readonly #reportSize: number;
  readonly #reportId: number;
  readonly #opener: HidOpener;
  #device: HidDeviceHandle | undefined;

  constructor(options: HidTransportOptions) {
    super();
    this.path = options.path;
    this.#reportSize = options.reportSize ?? 64;
    this.#reportId = options.reportId ?? 0;
    this.#opener = options.opener ?? nodeHidOpener;
  }

  get isOpen(): boolean {
    return this.#device !== undefined;
  }

  async open(): Promise<void> {
    if (this.#device) return;
    let device: HidDeviceHandle;
    try {
      device = await this.#opener(this.path);
    } catch (cause) {
      throw new SealdeskError('DEVICE_DISCONNECTED', { device: this.path }, { cause });
    }
    this.#device = device;
    device.on('data', (report: Buffer) => this.emit('data', report));
    device.on('error', (error: unknown) => {
      if (isHidDisconnect(error)) this.#lost(error);
      else this.emit('error', error);
    });
  }

  async write(data: Uint8Array): Promise<void> {
    const device = this.#device;
    if (!device) throw new SealdeskError('DEVICE_DISCONNECTED', { device: this.path });
    for (const report of toOutputReports(data, this.#reportSize, this.#reportId)) {
      try {
        await device.write(report);
      } catch (cause) {
        this.#lost(cause);
        throw new SealdeskError('DEVICE_DISCONNECTED', { device: this.path }, { cause });
      }
    }
  }

  async close(): Promise<void> {
    const device = this.#device;
    if (!device) return;
    this.#device = undefined;
    device.removeAllListeners();
    await device.close().catch(() => undefined);
    this.emit('close');
  }

  #lost(cause: unknown): void {
    const device = this.#device;
    if (!device) return;
    this.#device = undefined;
    device.removeAllListeners();
    void device.close().catch(() => undefined);
    this.emit('close', new SealdeskError('DEVICE_DISCONNECTED', { device: this.path }, { cause }));
  }
}
