import { EventEmitter } from 'node:events';
import { SealdeskError } from '../errors/sealdesk-error.js';
import type { Transport, TransportKind } from './transport.js';

/**
 * One end of an in-memory wire. Bytes written here arrive as 'data' on the peer, copied and on
 * a later tick, as a real wire would deliver them; closing one end is an unplug for the other.
 */
export class MemoryTransport extends EventEmitter implements Transport {
  readonly kind: TransportKind = 'memory';
  #open = false;
  #peer: MemoryTransport | undefined;

  constructor(readonly path: string) {
    super();
  }

  /** Links two ends; used by createMemoryPair. */
  static link(a: MemoryTransport, b: MemoryTransport): void {
    a.#peer = b;
    b.#peer = a;
  }

  get isOpen(): boolean {
    return this.#open;
  }

  async open(): Promise<void> {
    this.#open = true;
  }

  async write(data: Uint8Array): Promise<void> {
    if (!this.#open) throw new SealdeskError('DEVICE_DISCONNECTED', { device: this.path });
    const peer = this.#peer;
    // The copy keeps the caller free to reuse its buffer, as with a real write.
    const copy = Buffer.from(data);
    setImmediate(() => {
      if (peer && peer.#open) peer.emit('data', copy);
    });
  }

  async close(): Promise<void> {
    if (!this.#open) return;
    this.#open = false;
    this.emit('close');
    const peer = this.#peer;
    setImmediate(() => peer?.unplugged());
  }

  /** The other end went away: close with the error a pulled cable gives. */
  unplugged(): void {
    if (!this.#open) return;
    this.#open = false;
    this.emit('close', new SealdeskError('DEVICE_DISCONNECTED', { device: this.path }));
  }
}

/** Two linked, already open ends: [host, device]. */
export function createMemoryPair(name = 'memory'): [MemoryTransport, MemoryTransport] {
  const host = new MemoryTransport(`${name}:host`);
  const device = new MemoryTransport(`${name}:device`);
  MemoryTransport.link(host, device);
  void host.open();
  void device.open();
  return [host, device];
}
