import { Worker } from 'node:worker_threads';
import type { Receipt } from './receipt.js';
import type { Placement, RenderOptions } from './render-png.js';

export interface Rendered {
  png: Buffer;
  layout: Placement[];
}

/**
 * One long-lived thread that renders receipts in the order they were cut, so a simulated printer
 * keeps answering its wire (status within milliseconds) while the pictures are drawn.
 */
export class RenderThread {
  #worker: Worker | undefined;
  #next = 0;
  #pending = new Map<number, { resolve: (r: Rendered) => void; reject: (e: Error) => void }>();

  render(receipt: Receipt, options: RenderOptions = {}): Promise<Rendered> {
    const worker = this.#start();
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      worker.postMessage({ id, receipt, options });
    });
  }

  async close(): Promise<void> {
    const worker = this.#worker;
    this.#worker = undefined;
    if (worker) await worker.terminate();
    this.#fail(new Error('receipt render thread closed'));
  }

  #start(): Worker {
    if (this.#worker) return this.#worker;
    const worker = new Worker(new URL('./render-worker.js', import.meta.url));
    worker.on('message', (message: { ready?: true; id?: number; png?: Uint8Array; layout?: Placement[]; error?: string }) => {
      if (message.id === undefined) return;
      const waiter = this.#pending.get(message.id);
      this.#pending.delete(message.id);
      if (message.error !== undefined || !message.png) waiter?.reject(new Error(`receipt render failed: ${message.error ?? 'no picture'}`));
      else waiter?.resolve({ png: Buffer.from(message.png.buffer, message.png.byteOffset, message.png.byteLength), layout: message.layout ?? [] });
    });
    worker.on('error', (error) => this.#fail(error));
    worker.on('exit', () => {
      if (this.#worker === worker) this.#worker = undefined;
      this.#fail(new Error('receipt render thread exited'));
    });
    // a printer left running in a test or a `sim up` that ends must not be held open by its painter
    worker.unref();
    this.#worker = worker;
    return worker;
  }

  #fail(error: Error): void {
    for (const waiter of this.#pending.values()) waiter.reject(error);
    this.#pending.clear();
  }
}
