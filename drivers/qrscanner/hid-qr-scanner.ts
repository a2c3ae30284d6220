import { EventEmitter } from 'node:events';
import type { Transport } from '../../firmware-bridge/transport/transport.js';
import { KeyboardWedgeDecoder } from './keyboard-wedge-decoder.js';
import type { Scan } from './scan.js';

export interface HidQrScannerOptions {
  /** Bytes per input report: 8 for a boot keyboard, 9 when the device prefixes a report id. */
  reportLength?: 8 | 9;
}

/**
 * A QR scanner in HID keyboard-wedge mode, read as a HID device (so keystrokes do not go to
 * whatever window has focus). Events: 'scan' (Scan), 'close' (error?).
 */
export class HidQrScanner extends EventEmitter {
  readonly transport: Transport;
  readonly #decoder = new KeyboardWedgeDecoder();
  readonly #reportLength: number;
  readonly #onData = (chunk: Buffer) => this.#reports(chunk);
  readonly #onClose = (error?: Error) => this.emit('close', error);

  constructor(transport: Transport, options: HidQrScannerOptions = {}) {
    super();
    this.transport = transport;
    this.#reportLength = options.reportLength ?? 8;
    transport.on('data', this.#onData);
    transport.on('close', this.#onClose);
  }

  #reports(chunk: Buffer): void {
    // One 'data' is normally one report; split in case a transport delivered several at once.
    const skip = this.#reportLength - 8;
    for (let i = 0; i + this.#reportLength <= chunk.length; i += this.#reportLength) {
      for (const text of this.#decoder.push(chunk.subarray(i + skip, i + this.#reportLength))) {
        const scan: Scan = { text, bytes: Buffer.from(text, 'utf8'), mode: 'keyboard-wedge', device: this.transport.path };
        this.emit('scan', scan);
      }
    }
  }

  dispose(): void {
    this.transport.off('data', this.#onData);
    this.transport.off('close', this.#onClose);
  }
}
