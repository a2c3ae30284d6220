import { EventEmitter } from 'node:events';
import type { Transform } from 'node:stream';
import type { Decoded } from '../codec/decoded.js';
import type { ErrorCode } from '../errors/catalogue.js';
import { SealdeskError, isSealdeskError } from '../errors/sealdesk-error.js';
import type { Transport } from '../transport/transport.js';

/** A decoder that pushes Decoded items; reset() drops a half frame before each (re)send. */
export type FrameDecoder = Transform & { reset?(): void };

export interface RequestLinkOptions {
  transport: Transport;
  decoder: FrameDecoder;
  /** Per attempt, from sending the request to the reply's last byte. */
  timeoutMs?: number;
  /** Extra attempts after a corrupted reply (bad checksum, oversized, or retryIf). */
  retries?: number;
  /** Quiet time awaited before a resend, so the rest of a bad reply cannot pair with it. */
  settleMs?: number;
}

export interface RequestOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  /** A reply that says "your request arrived corrupted" (e.g. a reader's checksum status): resend it. */
  retryIf?: (frame: Buffer) => boolean;
  /**
   * Whether a frame can be the answer to this request. One that cannot is the late answer to an
   * earlier request that timed out (protocols like SAM do not echo the command): it is dropped
   * ('stale' event) and the wait goes on, instead of being handed to the wrong caller.
   */
  accepts?: (frame: Buffer) => boolean;
}

interface Job {
  readonly bytes: Uint8Array;
  readonly options: RequestOptions;
  readonly resolve: (frame: Buffer) => void;
  readonly reject: (error: SealdeskError) => void;
  attempts: number;
  /** 'abandoned': cancelled while the device works on it; the wire stays busy until its reply or timeout. */
  state: 'queued' | 'settling' | 'sent' | 'abandoned';
  /** Bounds the attempt, including the settle before a resend. */
  timer?: NodeJS.Timeout;
  settle?: NodeJS.Timeout;
  onAbort?: () => void;
}

/**
 * Request/response over one transport: one request in flight per device, others queued in
 * order; each attempt bounded by a timeout; corrupted replies retried a bounded number of times;
 * AbortSignal cancels; an unplug fails everything pending. Every path ends in a SealdeskError,
 * none waits forever.
 *
 * Events: 'unsolicited' (frame) for frames arriving with no request waiting; 'stale' (frame) for
 * frames a request's `accepts` refused (the late answer of an earlier, timed-out request).
 */
export class RequestLink extends EventEmitter {
  readonly transport: Transport;
  readonly #decoder: FrameDecoder;
  readonly #timeoutMs: number;
  readonly #retries: number;
  readonly #settleMs: number;
  readonly #queue: Job[] = [];
  #current: Job | undefined;
  /** A reply may still be on its way (after a timeout or cancel): wait for quiet before the next send. */
  #tainted = false;
  readonly #onData = (chunk: Buffer) => this.#data(chunk);
  readonly #onDecoded = (item: Decoded) => this.#decoded(item);
  readonly #onClose = (error?: Error) => this.#closed(error);
  readonly #onError = (error: Error) => this.emit('transport-error', error);

  constructor(options: RequestLinkOptions) {
    super();
    this.transport = options.transport;
    this.#decoder = options.decoder;
    this.#timeoutMs = options.timeoutMs ?? 3000;
    this.#retries = options.retries ?? 2;
    this.#settleMs = options.settleMs ?? 30;
    this.transport.on('data', this.#onData);
    this.transport.on('close', this.#onClose);
    this.transport.on('error', this.#onError);
    this.#decoder.on('data', this.#onDecoded);
  }

  get device(): string {
    return this.transport.path;
  }

  /** Sends bytes (an encoded request) and resolves with the body of the decoded reply. */
  request(bytes: Uint8Array, options: RequestOptions = {}): Promise<Buffer> {
    return new Promise<Buffer>((resolve, reject) => {
      if (options.signal?.aborted) return reject(this.#error('DEVICE_CANCELLED'));
      if (!this.transport.isOpen) return reject(this.#error('DEVICE_DISCONNECTED'));
      const job: Job = { bytes, options, resolve, reject, attempts: 0, state: 'queued' };
      if (options.signal) {
        job.onAbort = () => this.#fail(job, this.#error('DEVICE_CANCELLED'));
        options.signal.addEventListener('abort', job.onAbort, { once: true });
      }
      this.#queue.push(job);
      this.#pump();
    });
  }

  /** Stops listening to the transport and fails whatever is pending; the transport stays open. */
  dispose(): void {
    this.transport.off('data', this.#onData);
    this.transport.off('close', this.#onClose);
    this.transport.off('error', this.#onError);
    this.#decoder.off('data', this.#onDecoded);
    this.#failAll(this.#error('DEVICE_DISCONNECTED'));
  }

  #error(code: ErrorCode, cause?: unknown): SealdeskError {
    return new SealdeskError(code, { device: this.device }, cause === undefined ? undefined : { cause });
  }

  #pump(): void {
    if (this.#current || this.#queue.length === 0) return;
    const job = this.#queue.shift() as Job;
    this.#current = job;
    this.#startTimer(job);
    if (this.#tainted) this.#settleThenSend(job);
    else this.#send(job);
  }

  #startTimer(job: Job): void {
    clearTimeout(job.timer);
    job.timer = setTimeout(() => {
      if (job.state === 'abandoned') return this.#endAbandoned(job);
      this.#fail(job, this.#error('DEVICE_TIMEOUT'));
    }, job.options.timeoutMs ?? this.#timeoutMs);
  }

  #send(job: Job): void {
    job.state = 'sent';
    job.attempts++;
    this.#tainted = false;
    this.#decoder.reset?.();
    this.#startTimer(job);
    this.transport.write(job.bytes).catch((error: unknown) => {
      this.#fail(job, isSealdeskError(error) ? error : this.#error('DEVICE_DISCONNECTED', error));
    });
  }

  /** Waits until the wire has been quiet for settleMs (the attempt timer still runs), then sends. */
  #settleThenSend(job: Job): void {
    job.state = 'settling';
    clearTimeout(job.settle);
    job.settle = setTimeout(() => {
      if (this.#current === job) this.#send(job);
    }, this.#settleMs);
  }

  #data(chunk: Buffer): void {
    const job = this.#current;
    if (job?.state === 'settling') {
      // The tail of a reply we gave up on: drop it and keep waiting for quiet.
      this.#settleThenSend(job);
      return;
    }
    this.#decoder.write(chunk);
  }

  #decoded(item: Decoded): void {
    const job = this.#current;
    if (job?.state === 'abandoned') return this.#endAbandoned(job);
    if (!job || job.state !== 'sent') {
      if (item.type === 'frame') this.emit('unsolicited', item.frame);
      return;
    }
    if (item.type === 'fault') return this.#retryOrFail(job, item.error);
    if (job.options.accepts?.(item.frame) === false) {
      this.emit('stale', item.frame);
      return;
    }
    if (job.options.retryIf?.(item.frame)) return this.#retryOrFail(job, this.#error('FRAME_CHECKSUM'));
    this.#finish(job);
    job.resolve(item.frame);
  }

  #retryOrFail(job: Job, error: SealdeskError): void {
    if (job.attempts > this.#retries) return this.#fail(job, error);
    this.#settleThenSend(job);
  }

  #closed(error?: Error): void {
    this.#decoder.reset?.();
    this.#failAll(this.#error('DEVICE_DISCONNECTED', error));
  }

  #failAll(error: SealdeskError): void {
    for (const job of [...this.#queue]) this.#fail(job, error);
    if (this.#current) this.#fail(this.#current, error);
  }

  /** The abandoned request's reply (or its timeout) came: the wire is free after a settle. */
  #endAbandoned(job: Job): void {
    this.#tainted = true;
    this.#finish(job);
  }

  #fail(job: Job, error: SealdeskError): void {
    const queued = this.#queue.indexOf(job);
    if (queued >= 0) this.#queue.splice(queued, 1);
    else if (this.#current !== job) return; // already settled
    else if (job.state === 'abandoned') return this.#endAbandoned(job); // its caller already has its error
    else if (error.code === 'DEVICE_CANCELLED' && job.state === 'sent') {
      // The caller gets its error now; the device still answers the request, so the next one
      // waits for that answer (or the timeout) instead of taking it as its own.
      job.state = 'abandoned';
      if (job.onAbort) job.options.signal?.removeEventListener('abort', job.onAbort);
      job.reject(error);
      return;
    }
    // A failed request may still get (the rest of) its reply: do not hand it to the next one.
    if (this.#current === job) this.#tainted = true;
    this.#finish(job);
    job.reject(error);
  }

  #finish(job: Job): void {
    clearTimeout(job.timer);
    clearTimeout(job.settle);
    if (job.onAbort) job.options.signal?.removeEventListener('abort', job.onAbort);
    if (this.#current === job) {
      this.#current = undefined;
      // Next request on a later tick so a caller's .then runs before the wire is busy again.
      setImmediate(() => this.#pump());
    }
  }
}
