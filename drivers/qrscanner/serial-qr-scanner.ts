import { EventEmitter } from 'node:events';
import iconv from 'iconv-lite';
import { DelimiterDecoder } from '../../firmware-bridge/codec/delimiter-decoder.js';
import type { Decoded } from '../../firmware-bridge/codec/decoded.js';
import type { Transport } from '../../firmware-bridge/transport/transport.js';
import type { Scan } from './scan.js';

export interface SerialQrScannerOptions {
  /**
   * How the scanner encodes text. Set the scanner to UTF-8 output for Chinese payloads; some
   * older scanners can only send GB18030 (GBK), which this also reads.
   */
  encoding?: 'utf8' | 'gb18030';
  /** Longest payload; QR codes hold at most 2,953 bytes. */
  maxLength?: number;
}

/**
 * A QR scanner in serial mode (USB CDC or RS-232): each scan is one line ended by CR (LF and
 * CRLF accepted too). Events: 'scan' (Scan), 'scan-error' (SealdeskError, e.g. FRAME_TOO_LONG for
 * a runaway line; scanning goes on), 'close' (error?) when the transport closes.
 */
export class SerialQrScanner extends EventEmitter {
  readonly transport: Transport;
  readonly #decoder: DelimiterDecoder;
  readonly #encoding: 'utf8' | 'gb18030';
  readonly #onData = (chunk: Buffer) => this.#decoder.write(chunk);
  readonly #onClose = (error?: Error) => this.emit('close', error);

  constructor(transport: Transport, options: SerialQrScannerOptions = {}) {
    super();
    this.transport = transport;
    this.#encoding = options.encoding ?? 'utf8';
    this.#decoder = new DelimiterDecoder({ device: transport.path, delimiters: [0x0d, 0x0a], maxLength: options.maxLength ?? 4096 });
    this.#decoder.on('data', (item: Decoded) => {
      if (item.type === 'fault') this.emit('scan-error', item.error);
      else this.emit('scan', this.#scan(item.frame));
    });
    transport.on('data', this.#onData);
    transport.on('close', this.#onClose);
  }

  #scan(bytes: Buffer): Scan {
    const text = this.#encoding === 'gb18030' ? iconv.decode(bytes, 'gb18030') : bytes.toString('utf8');
    return { text, bytes, mode: 'serial', device: this.transport.path };
  }

  /** The next scan, or the transport's close error; for a "scan now" button. */
  next(signal?: AbortSignal): Promise<Scan> {
    return new Promise((resolve, reject) => {
      const done = () => {
        this.off('scan', onScan);
        this.off('close', onClose);
        signal?.removeEventListener('abort', onAbort);
      };
      const onScan = (scan: Scan) => (done(), resolve(scan));
      const onClose = (error?: Error) => (done(), reject(error ?? new Error('scanner closed')));
      const onAbort = () => (done(), reject(signal?.reason));
      this.on('scan', onScan);
      this.on('close', onClose);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Stops listening; the transport stays open for its owner to close. */
  dispose(): void {
    this.transport.off('data', this.#onData);
    this.transport.off('close', this.#onClose);
  }
}
