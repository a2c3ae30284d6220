import { Transform, type TransformCallback } from 'node:stream';
import { SealdeskError } from '../errors/sealdesk-error.js';
import type { Decoded, DecoderOptions } from './decoded.js';

export interface DelimiterDecoderOptions extends DecoderOptions {
  /** Bytes that end a frame; any of them does. Default CR and LF, so CR, LF and CRLF all work. */
  delimiters?: readonly number[];
  /** Longest frame kept; a longer one is reported as FRAME_TOO_LONG and skipped to its end. */
  maxLength?: number;
}

/**
 * Bytes in, delimited frames out (delimiter removed, empty frames skipped), in object mode. Like
 * serialport's parser-delimiter, plus a bound: a wire that never sends the delimiter cannot
 * make the buffer grow.
 */
export class DelimiterDecoder extends Transform {
  readonly #device: string;
  readonly #delimiters: ReadonlySet<number>;
  readonly #maxLength: number;
  #parts: Buffer[] = [];
  #length = 0;
  /** Inside an overlong frame: drop bytes until the next delimiter. */
  #skipping = false;

  constructor(options: DelimiterDecoderOptions = {}) {
    super({ readableObjectMode: true });
    this.#device = options.device ?? 'line';
    this.#delimiters = new Set(options.delimiters ?? [0x0d, 0x0a]);
    this.#maxLength = options.maxLength ?? 4096;
  }

  get bufferedBytes(): number {
    return this.#length;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    let from = 0;
    for (let i = 0; i <= chunk.length; i++) {
      const end = i === chunk.length;
      if (!end && !this.#delimiters.has(chunk[i] as number)) continue;
      this.#append(chunk.subarray(from, i));
      if (!end) this.#finish();
      from = i + 1;
    }
    callback();
  }

  #append(part: Buffer): void {
    if (part.length === 0 || this.#skipping) return;
    if (this.#length + part.length > this.#maxLength) {
      const out: Decoded = {
        type: 'fault',
        error: new SealdeskError('FRAME_TOO_LONG', { device: this.#device, max: this.#maxLength }),
      };
      this.push(out);
      this.#parts = [];
      this.#length = 0;
      this.#skipping = true;
      return;
    }
    this.#parts.push(Buffer.from(part));
    this.#length += part.length;
  }

  #finish(): void {
    if (!this.#skipping && this.#length > 0) {
      const out: Decoded = { type: 'frame', frame: Buffer.concat(this.#parts, this.#length) };
      this.push(out);
    }
    this.#parts = [];
    this.#length = 0;
    this.#skipping = false;
  }

  override _flush(callback: TransformCallback): void {
    // A frame without its delimiter at the end of the stream is incomplete: dropped.
    this.#parts = [];
    this.#length = 0;
    callback();
  }
}
