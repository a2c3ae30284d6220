import { SerialPort } from 'serialport';
import { setTimeout as sleep } from 'node:timers/promises';

const PREAMBLE = Buffer.from([0xaa, 0xaa, 0xaa, 0x96, 0x69]);

/**
 * The host end of the wire as a test sees it: plain serialport, hand-built frames, and a reply
 * reader that knows only the frame layout from protocols.md (no driver involved).
 */
export class SamHost {
  #buffer = Buffer.alloc(0);
  closed = false;
  private constructor(readonly port: SerialPort) {
    port.on('data', (chunk: Buffer) => (this.#buffer = Buffer.concat([this.#buffer, chunk])));
    port.on('close', () => (this.closed = true));
    port.on('error', () => undefined);
  }

  static async open(path: string): Promise<SamHost> {
    const port = new SerialPort({ path, baudRate: 115200, autoOpen: false });
    await new Promise<void>((resolve, reject) => port.open((e) => (e ? reject(e) : resolve())));
    return new SamHost(port);
  }

  async send(bytes: Uint8Array): Promise<void> {
    this.port.write(Buffer.from(bytes));
    await new Promise<void>((resolve, reject) => this.port.drain((e) => (e ? reject(e) : resolve())));
  }

  /** Bytes received so far, not yet taken by reply(). */
  get buffered(): Buffer {
    return this.#buffer;
  }

  /** Waits for the next whole frame; bytes before its preamble are returned as `noise`. */
  async reply(timeoutMs = 2000): Promise<{ frame: Buffer; noise: Buffer }> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const start = this.#buffer.indexOf(PREAMBLE);
      if (start >= 0 && this.#buffer.length >= start + 7) {
        const total = 7 + this.#buffer.readUInt16BE(start + 5);
        if (this.#buffer.length >= start + total) {
          const noise = this.#buffer.subarray(0, start);
          const frame = this.#buffer.subarray(start, start + total);
          this.#buffer = this.#buffer.subarray(start + total);
          return { frame: Buffer.from(frame), noise: Buffer.from(noise) };
        }
      }
      if (Date.now() > deadline) throw new Error(`no whole reply within ${timeoutMs} ms (have ${this.#buffer.length} bytes)`);
      await sleep(5);
    }
  }

  async exchange(command: Uint8Array, timeoutMs?: number): Promise<Buffer> {
    await this.send(command);
    return (await this.reply(timeoutMs)).frame;
  }

  async close(): Promise<void> {
    if (this.port.isOpen) await new Promise<void>((resolve) => this.port.close(() => resolve()));
  }
}

/** XOR of LEN and body, computed here on its own. */
export function checksumOk(frame: Buffer): boolean {
  let x = 0;
  for (const b of frame.subarray(5, frame.length - 1)) x ^= b;
  return x === frame[frame.length - 1];
}

/** A host frame with any LEN and body, checksum computed (or spoiled on request). */
export function hostFrame(body: number[], options: { len?: number; spoil?: boolean } = {}): Buffer {
  const len = options.len ?? body.length + 1;
  const head = [len >> 8, len & 0xff, ...body];
  let x = 0;
  for (const b of head) x ^= b;
  return Buffer.from([...PREAMBLE, ...head, options.spoil ? x ^ 0x5a : x]);
}

/** Decodes one UCS-2LE field of a 256-byte text block, trailing spaces removed. */
export function field(text: Buffer, offset: number, length: number): string {
  return text.subarray(offset, offset + length).toString('utf16le').replace(/ +$/, '');
}
