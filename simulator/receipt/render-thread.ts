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

/** A picture given up because newer receipts were waiting behind it; its text was kept. */
export class RenderDropped extends Error {
  constructor(readonly waiting: number) {
    super(`receipt picture not drawn: ${waiting} newer receipts were waiting for the render thread`);
  }
}

/**
 * Receipts that may wait for the thread. Beyond this the oldest waiting picture is dropped, not
 * the newest: whoever looks (a `sim up` user, a test) waits for the receipt just cut, while an old
 * one's text is already on disk (receipt-N.json) and its picture can still be drawn on demand in
 * the printer's process. Drawing it on the printer's own thread instead would stall its wire for
 * a quarter of a second a picture, exactly when the printer is busiest.
 */
const MAX_WAITING = 64;

interface Job {
  id: number;
  receipt: Receipt;
  options: RenderOptions;
  resolve: (r: Rendered) => void;
  reject: (e: Error) => void;
}

/**
 * One long-lived thread that renders receipts in the order they were cut, so a simulated printer
 * keeps answering its wire (status within milliseconds) while the pictures are drawn. One
 * receipt is with the thread at a time; the rest wait here, at most MAX_WAITING of them.
 */
export class RenderThread {
  #worker: Worker | undefined;
  #next = 0;
  #waiting: Job[] = [];
  #drawing: Job | undefined;
  #drained: (() => void) | undefined;
  #closed = false;
  readonly #maxWaiting: number;

  constructor(options: { maxWaiting?: number } = {}) {
    this.#maxWaiting = options.maxWaiting ?? MAX_WAITING;
  }

  render(receipt: Receipt, options: RenderOptions = {}): Promise<Rendered> {
    if (this.#closed) return Promise.reject(new RenderThreadClosed());
    return new Promise((resolve, reject) => {
      this.#waiting.push({ id: this.#next++, receipt, options, resolve, reject });
      if (this.#waiting.length > this.#maxWaiting) this.#waiting.shift()!.reject(new RenderDropped(this.#waiting.length));
      this.#post();
    });
  }

  #post(): void {
    if (this.#drawing || this.#closed) return;
    const job = this.#waiting.shift();
    if (!job) return;
    this.#drawing = job;
    this.#start().postMessage({ id: job.id, receipt: job.receipt, options: job.options });
  }

  /** Ends the thread once the receipts already cut are drawn (at most `drainMs`); what is left then is dropped. */
  async close(drainMs = 5000): Promise<void> {
    const worker = this.#worker;
    if (worker && this.#drawing) {
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
      const waiter = this.#drawing?.id === message.id ? this.#drawing : undefined;
      this.#drawing = undefined;
      if (message.error !== undefined || !message.png) waiter?.reject(new Error(`receipt render failed: ${message.error ?? 'no picture'}`));
      else waiter?.resolve({ png: Buffer.from(message.png.buffer, message.png.byteOffset, message.png.byteLength), layout: message.layout ?? [] });
      this.#post();
      if (!this.#drawing) this.#drained?.();
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
    const jobs = [...(this.#drawing ? [this.#drawing] : []), ...this.#waiting];
    this.#drawing = undefined;
    this.#waiting = [];
    for (const job of jobs) job.reject(error);
  }
}
