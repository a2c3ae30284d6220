import { Transform, type TransformCallback } from 'node:stream';
import type { Decoded } from './decoded.js';

/**
 * Bytes in, frames of exactly `length` bytes out, in object mode: for devices that answer with
 * fixed-size status bytes (ESC/POS DLE EOT answers one byte). Never holds more than length − 1.
 */
export class FixedLengthDecoder extends Transform {
  readonly length: number;
  #pending: Buffer = Buffer.alloc(0);

  constructor(options: { length: number }) {
    super({ readableObjectMode: true });
    if (!Number.isInteger(options.length) || options.length < 1) throw new RangeError('length must be a positive integer');
    this.length = options.length;
  }

  get bufferedBytes(): number {
    return this.#pending.length;
  }

  /** Drops a partial frame, e.g. before a new status query. */
  reset(): void {
    this.#pending = Buffer.alloc(0);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    const data = this.#pending.length === 0 ? chunk : Buffer.concat([this.#pending, chunk]);
    let offset = 0;
    for (; offset + this.length <= data.length; offset += this.length) {
      const out: Decoded = { type: 'frame', frame: Buffer.from(data.subarray(offset, offset + this.length)) };
      this.push(out);
    }
    this.#pending = Buffer.from(data.subarray(offset));
    callback();
  }

  override _flush(callback: TransformCallback): void {
    this.#pending = Buffer.alloc(0);
    callback();
  }
}
