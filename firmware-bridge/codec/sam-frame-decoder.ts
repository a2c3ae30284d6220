import { Transform, type TransformCallback } from 'node:stream';
import { SealdeskError } from '../errors/sealdesk-error.js';
import type { Decoded, DecoderOptions } from './decoded.js';
import { SAM_HEADER_LENGTH, SAM_PREAMBLE, samChecksum } from './sam-frame.js';

export interface SamFrameDecoderOptions extends DecoderOptions {
  /**
   * Largest LEN accepted. The biggest real reply (text + photo + fingerprint) is under 2,400
   * bytes; a bigger LEN is noise or a broken reader, and accepting it would let one bad byte
   * swallow the next replies while the decoder waits for data that never comes.
   */
  maxLength?: number;
}

/**
 * Bytes in, SAM frame bodies out (preamble, LEN and checksum removed), in object mode.
 *
 * Resynchronisation: anything before a preamble is dropped; a bad checksum or an oversized LEN
 * is reported as a fault and the search restarts one byte after the false preamble, so a real
 * frame hidden behind a false start is still found. The buffer never holds more than one
 * maximal frame plus the chunk being scanned.
 */
export class SamFrameDecoder extends Transform {
  readonly #device: string;
  readonly #maxLength: number;
  #buffer: Buffer = Buffer.alloc(0);

  constructor(options: SamFrameDecoderOptions = {}) {
    super({ readableObjectMode: true });
    this.#device = options.device ?? 'sam';
    this.#maxLength = options.maxLength ?? 4096;
  }

  /** Bytes held while waiting for the rest of a frame. */
  get bufferedBytes(): number {
    return this.#buffer.length;
  }

  /** Drops any half frame, e.g. before a retried request so stale bytes cannot pair with it. */
  reset(): void {
    this.#buffer = Buffer.alloc(0);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
    this.#scan();
    callback();
  }

  #fault(code: 'FRAME_CHECKSUM' | 'FRAME_TOO_LONG', details: Record<string, number>): void {
    const out: Decoded = { type: 'fault', error: new SealdeskError(code, { device: this.#device, ...details }) };
    this.push(out);
  }

  #scan(): void {
    let buf = this.#buffer;
    for (;;) {
      const start = buf.indexOf(SAM_PREAMBLE);
      if (start < 0) {
        // Keep a tail that may be the start of a preamble split across chunks.
        buf = buf.subarray(Math.max(0, buf.length - (SAM_PREAMBLE.length - 1)));
        break;
      }
      buf = buf.subarray(start);
      if (buf.length < SAM_HEADER_LENGTH) break;
      const len = buf.readUInt16BE(SAM_PREAMBLE.length);
      if (len > this.#maxLength) {
        this.#fault('FRAME_TOO_LONG', { length: len, max: this.#maxLength });
        buf = buf.subarray(1);
        continue;
      }
      if (len === 0) {
        // No room even for the checksum: a false preamble.
        this.#fault('FRAME_CHECKSUM', { length: len });
        buf = buf.subarray(1);
        continue;
      }
      const total = SAM_HEADER_LENGTH + len;
      if (buf.length < total) break;
      const body = buf.subarray(SAM_HEADER_LENGTH, total - 1);
      if (samChecksum(len, body) !== buf[total - 1]) {
        this.#fault('FRAME_CHECKSUM', { length: len });
        buf = buf.subarray(1);
        continue;
      }
      // Copied so the frame does not pin the whole chunk it came in.
      const out: Decoded = { type: 'frame', frame: Buffer.from(body) };
      this.push(out);
      buf = buf.subarray(total);
    }
    // Copy the remainder so a large chunk is not kept alive by a few bytes of it.
    this.#buffer = Buffer.from(buf);
  }

  override _flush(callback: TransformCallback): void {
    this.#buffer = Buffer.alloc(0);
    callback();
  }
}
