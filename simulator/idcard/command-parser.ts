import { PREAMBLE, xor } from './sam-frame.js';

/** What the reader makes of the bytes a host sent. */
export type HostEvent =
  | { kind: 'command'; command: number; parameter: number }
  | { kind: 'bad-checksum' }
  | { kind: 'bad-length' };

/**
 * A host command is LEN 00 03 (command, parameter, checksum). Longer lengths are accepted up to
 * this bound and then answered "bad length"; anything above is refused at once, so an absurd
 * LEN can never make the reader wait for (or buffer) 64 KiB.
 */
const MAX_LEN = 64;

/**
 * Where a preamble starts inside the first `end` bytes (after byte 0), 'wait' when one may be
 * starting but its tail has not arrived yet, -1 when none.
 */
function innerPreamble(buffer: Buffer, end: number): number | 'wait' {
  for (let p = 1; p < end; p++) {
    const available = Math.min(PREAMBLE.length, buffer.length - p);
    if (buffer.subarray(p, p + available).equals(PREAMBLE.subarray(0, available))) {
      return available === PREAMBLE.length ? p : 'wait';
    }
  }
  return -1;
}

/**
 * Device-side framing of host bytes, resynchronising on the preamble: bytes before it are noise
 * and dropped, and memory stays bounded by MAX_LEN whatever arrives.
 */
export class HostFrameParser {
  #buffer: Buffer = Buffer.alloc(0);

  /** Bytes held back waiting for the rest of a frame (never more than one frame's worth). */
  get bufferedBytes(): number {
    return this.#buffer.length;
  }

  /** Whether a partial frame is waiting (the reader drops it after an inter-byte gap). */
  get pending(): boolean {
    return this.#buffer.length > 0;
  }

  #patient = true;

  /**
   * The host went quiet mid-frame: its rest will never come. A whole frame that was only waiting
   * to see whether a preamble starts inside it is judged now (bad checksum); the rest is dropped.
   */
  expire(): HostEvent[] {
    this.#patient = false;
    const events = this.push(Buffer.alloc(0));
    this.#patient = true;
    this.#buffer = Buffer.alloc(0);
    return events;
  }

  push(chunk: Uint8Array): HostEvent[] {
    this.#buffer = Buffer.concat([this.#buffer, chunk]);
    const events: HostEvent[] = [];
    for (;;) {
      const start = this.#buffer.indexOf(PREAMBLE);
      if (start < 0) {
        // Keep only a tail that could still be the start of a preamble.
        this.#buffer = this.#buffer.subarray(Math.max(0, this.#buffer.length - (PREAMBLE.length - 1)));
        return events;
      }
      this.#buffer = this.#buffer.subarray(start);
      if (this.#buffer.length < 7) return events;
      const len = this.#buffer.readUInt16BE(5);
      if (len < 3 || len > MAX_LEN) {
        events.push({ kind: 'bad-length' });
        this.#buffer = this.#buffer.subarray(PREAMBLE.length);
        continue;
      }
      const total = 7 + len;
      if (this.#buffer.length < total) return events;
      const frame = this.#buffer.subarray(0, total);
      if (xor(frame.subarray(5, total - 1)) !== frame[total - 1]) {
        // A truncated frame followed by a good one: skip to the inner preamble without answering.
        const inner = innerPreamble(this.#buffer, total);
        if (inner === 'wait' && this.#patient) return events;
        if (typeof inner === 'number' && inner > 0) {
          this.#buffer = this.#buffer.subarray(inner);
          continue;
        }
        events.push({ kind: 'bad-checksum' });
      } else if (len !== 3) {
        events.push({ kind: 'bad-length' });
      } else {
        events.push({ kind: 'command', command: frame[7]!, parameter: frame[8]! });
      }
      this.#buffer = this.#buffer.subarray(total);
    }
  }
}
