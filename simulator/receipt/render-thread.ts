import { Worker } from 'node:worker_threads';
import type { Receipt } from './receipt.js';
import type { Placement, RenderOptions } from './render-png.js';

export interface Rendered {
  png: Buffer;
  layout: Placement[];
}

/** A picture not drawn because the printer was switched off first: not worth a line in the log. */
export class RenderThreadClosed extends Error {
  constructor() {
    super('receipt render thread closed');
  }
}

/**
 * One long-lived thread that renders receipts in the order they were cut, so a simulated printer
 * keeps answering its wire (status within milliseconds) while the pictures are drawn.
 */
export class RenderThread {
  #worker: Worker | undefined;
  #next = 0;
  #pending = new Map<number, { resolve: (r: Rendered) => void; reject: (e: Error) => void }>();
  #drained: (() => void) | undefined;
  #closed = false;

  render(receipt: Receipt, options: RenderOptions = {}): Promise<Rendered> {
    if (this.#closed) return Promise.reject(new RenderThreadClosed());
    const worker = this.#start();
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      worker.postMessage({ id, receipt, options });
    });
  }

  /** Ends the thread once the receipts already cut are drawn (at most `drainMs`); what is left then is dropped. */
  async close(drainMs = 5000): Promise<void> {
    const worker = this.#worker;
    if (worker && this.#pending.size > 0) {
      const drained = new Promise<void>((resolve) => (this.#drained = resolve));
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([drained, new Promise<void>((resolve) => (timer = setTimeout(resolve, drainMs)))]);
      clearTimeout(timer);
    }
    this.#closed = true;
    this.#worker = undefined;
    if (worker) await worker.terminate();
    this.#fail(new RenderThreadClosed());
  }

  #start(): Worker {
    if (this.#worker) return this.#worker;
    const worker = new Worker(new URL('./render-worker.js', import.meta.url));
    worker.on('message', (message: { ready?: true; id?: number; png?: Uint8Array; layout?: Placement[]; error?: string }) => {
      if (message.id === undefined) return;
      const waiter = this.#pending.get(message.id);
      this.#pending.delete(message.id);
      if (this.#pending.size === 0) this.#drained?.();
      if (message.error !== undefined || !message.png) waiter?.reject(new Error(`receipt render failed: ${message.error ?? 'no picture'}`));
      else waiter?.resolve({ png: Buffer.from(message.png.buffer, message.png.byteOffset, message.png.byteLength), layout: message.layout ?? [] });
    });
    worker.on('error', (error) => this.#fail(error));
    worker.on('exit', () => {
      if (this.#worker === worker) this.#worker = undefined;
      this.#fail(this.#closed ? new RenderThreadClosed() : new Error('receipt render thread exited'));
    });
    // a printer left running in a test or a `sim up` that ends must not be held open by its painter
    worker.unref();
    this.#worker = worker;
    return worker;
  }

  #fail(error: Error): void {
    this.#drained?.();
    for (const waiter of this.#pending.values()) waiter.reject(error);
    this.#pending.clear();
  }
}
