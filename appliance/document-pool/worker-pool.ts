import { Worker } from 'node:worker_threads';
import { SealdeskError, type ErrorDetails } from '../../firmware-bridge/errors/sealdesk-error.js';
import { isErrorCode } from '../../firmware-bridge/errors/catalogue.js';

export interface WorkerPoolOptions {
  /** A module exporting `jobs`: job kind → async function of a structured-cloneable payload. */
  jobs: URL;
  /** Threads at most; each is started on first need and kept. */
  size: number;
  /** Jobs that may wait for a thread; one more is SERVICE_BUSY at once. */
  queueLimit: number;
  /** Wall time of one job: past it the thread is ended (and replaced), the job DOCUMENT_TOO_COMPLEX. */
  timeLimitMs: number;
  /** V8 heap of one thread (resourceLimits.maxOldGenerationSizeMb): past it the same. */
  memoryLimitMb: number;
}

interface Job {
  id: number;
  kind: string;
  payload: unknown;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  /** Settles when the thread is ready or has ended. */
  booted: Promise<void>;
  job?: Job;
  timer?: NodeJS.Timeout;
  started?: number;
}

interface WireError {
  code?: string;
  details?: ErrorDetails;
  message: string;
}

const ENTRY = new URL('./worker-main.js', import.meta.url);

/**
 * A small supervisor of worker threads for work on documents from outside. Per job, not per
 * pool: a job past its wall time or its thread's heap ceiling ends the thread (terminate() stops
 * even a synchronous loop, which a cooperative AbortSignal cannot) and only that job fails, typed;
 * a thread that dies any other way fails its job INTERNAL. Either way a fresh thread takes its
 * place on the next job, and the main thread only posts messages and keeps the queue.
 */
export class WorkerPool {
  private readonly slots = new Set<Slot>();
  private readonly queue: Job[] = [];
  private nextId = 0;
  private closed = false;
  /** Mean job time (ms), for the Retry-After of a refusal. */
  private meanMs = 1000;

  constructor(private readonly options: WorkerPoolOptions) {}

  /** Threads alive now (started, booting or busy). */
  get threads(): number {
    return this.slots.size;
  }

  /** Threads running a job now. */
  get busyThreads(): number {
    return [...this.slots].filter((s) => s.job).length;
  }

  /** Jobs waiting for a thread. */
  get waiting(): number {
    return this.queue.length;
  }

  /** SERVICE_BUSY now if a job would be refused: lets a route refuse before it reads an upload. */
  checkRoom(): void {
    if (!this.hasRoom()) throw this.busy();
  }

  run<T>(kind: string, payload: unknown): Promise<T> {
    if (!this.hasRoom()) return Promise.reject(this.busy());
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ id: ++this.nextId, kind, payload, resolve: resolve as (value: unknown) => void, reject });
      this.dispatch();
    });
  }

  private hasRoom(): boolean {
    if (this.closed) return false;
    // a free thread (or room for one) takes the job now; otherwise it waits, up to the limit
    const free = this.slots.size < this.options.size || [...this.slots].some((s) => s.ready && !s.job);
    // jobs that a booting thread will take are not waiting in the queue's sense
    const booting = [...this.slots].filter((s) => !s.ready).length;
    return free || this.queue.length - booting < this.options.queueLimit;
  }

  /**
   * Starts every thread now and waits until they are ready: a service that is about to answer
   * pays the threads' start (seconds on a busy machine) before its first document, not during it.
   */
  async warm(): Promise<void> {
    while (!this.closed && this.slots.size < this.options.size) this.spawn();
    await Promise.all([...this.slots].map((slot) => slot.booted));
  }

  /** Ends every thread; queued jobs are refused SERVICE_BUSY. */
  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(this.busy());
    const ending = [...this.slots].map((slot) => this.end(slot, this.busy()));
    await Promise.all(ending);
  }

  private busy(): SealdeskError {
    const waves = Math.ceil((this.queue.length + 1) / this.options.size);
    return new SealdeskError('SERVICE_BUSY', { retryAfter: Math.max(1, Math.ceil((waves * this.meanMs) / 1000)) });
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const slot = [...this.slots].find((s) => s.ready && !s.job);
      if (!slot) {
        const booting = [...this.slots].filter((s) => !s.ready).length;
        // one thread booting per waiting job, up to the size
        if (this.slots.size < this.options.size && booting < this.queue.length) this.spawn();
        return;
      }
      this.start(slot, this.queue.shift()!);
    }
  }

  private spawn(): void {
    const worker = new Worker(ENTRY, {
      workerData: { jobs: this.options.jobs.href },
      resourceLimits: { maxOldGenerationSizeMb: this.options.memoryLimitMb },
      // the thread's stdout/stderr are the process's: a parser's warning still reaches the log
    });
    let booted!: () => void;
    const slot: Slot = { worker, ready: false, booted: new Promise((resolve) => (booted = resolve)) };
    this.slots.add(slot);
    worker.once('exit', () => booted());
    worker.on('message', (message: { ready?: true; id?: number; value?: unknown; error?: WireError }) => {
      if (message.ready) {
        slot.ready = true;
        booted();
        this.dispatch();
        return;
      }
      const job = slot.job;
      if (!job || job.id !== message.id) return;
      this.settle(slot);
      if (message.error) job.reject(fromWire(message.error));
      else job.resolve(message.value);
      this.dispatch();
    });
    worker.on('error', (error: Error & { code?: string }) => {
      const memory = error.code === 'ERR_WORKER_OUT_OF_MEMORY';
      void this.end(slot, memory ? tooComplex('memory', this.options.memoryLimitMb) : new SealdeskError('INTERNAL', {}, { cause: error }));
    });
    worker.on('exit', () => {
      void this.end(slot, new SealdeskError('INTERNAL', {}, { cause: new Error('document worker exited') }));
    });
  }

  private start(slot: Slot, job: Job): void {
    slot.job = job;
    slot.started = performance.now();
    slot.timer = setTimeout(() => void this.end(slot, tooComplex('time', this.options.timeLimitMs)), this.options.timeLimitMs);
    slot.worker.postMessage({ id: job.id, kind: job.kind, payload: job.payload });
  }

  private settle(slot: Slot): void {
    clearTimeout(slot.timer);
    if (slot.started !== undefined) this.meanMs = this.meanMs * 0.8 + (performance.now() - slot.started) * 0.2;
    slot.job = undefined;
    slot.started = undefined;
  }

  /** The slot's thread ended (or to be ended): its job fails with `reason`, the next job gets a new thread. */
  private async end(slot: Slot, reason: Error): Promise<void> {
    if (!this.slots.delete(slot)) return;
    const job = slot.job;
    clearTimeout(slot.timer);
    slot.job = undefined;
    job?.reject(reason);
    // a thread that died before it was ready (its module did not load) would die again: the job
    // waiting longest fails with it instead of the pool respawning for ever
    if (!slot.ready && !job && !this.closed) this.queue.shift()?.reject(reason);
    await slot.worker.terminate();
    if (!this.closed) this.dispatch();
  }
}

// the same sentence as the parser's budgets (appliance/documents), naming the pool's own setting
const POOL_LIMITS = {
  time: { limit: 'timeLimitMs', limitName: 'processing time (ms)', limitNameZh: '处理时间（毫秒）' },
  memory: { limit: 'memoryLimitMb', limitName: 'memory (MB)', limitNameZh: '内存（MB）' },
} as const;

function tooComplex(kind: 'time' | 'memory', maximum: number): SealdeskError {
  const { limit, limitName, limitNameZh } = POOL_LIMITS[kind];
  return new SealdeskError('DOCUMENT_TOO_COMPLEX', { kind, limit, limitName, limitNameZh, maximum, setting: `service.documentPool.${limit}` });
}

function fromWire(error: WireError): Error {
  if (error.code && isErrorCode(error.code)) return new SealdeskError(error.code, error.details ?? {});
  return new Error(error.message);
}
