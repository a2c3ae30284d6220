import { EventEmitter } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Transport } from '../../firmware-bridge/transport/transport.js';
import { hidReports, type Terminator, type UnicodeMode } from './hid-encode.js';

export interface HidQrScannerOptions {
  unicode?: UnicodeMode;
  terminator?: Terminator;
  /** Time between reports; real scanners poll at 1–8 ms. 0 sends them as fast as possible. */
  reportIntervalMs?: number;
  /** Also write each report to this transport (the device end of an in-memory pair). */
  transport?: Transport;
}

/**
 * A QR scanner in HID keyboard-wedge mode. A real one would appear through /dev/uhid, which these
 * machines do not have, so its boot keyboard reports go out as 'report' events (one 8-byte Buffer
 * each) and, when given, over an in-memory transport (firmware-bridge createMemoryPair).
 */
export class HidQrScanner extends EventEmitter {
  readonly #options: HidQrScannerOptions;

  constructor(options: HidQrScannerOptions = {}) {
    super();
    this.#options = options;
  }

  /** Types one payload; resolves when its last report went out. */
  async scan(payload: string): Promise<void> {
    const reports = hidReports(payload, { unicode: this.#options.unicode, terminator: this.#options.terminator });
    for (const report of reports) {
      this.emit('report', report);
      if (this.#options.transport) await this.#options.transport.write(report);
      if (this.#options.reportIntervalMs) await sleep(this.#options.reportIntervalMs);
    }
  }
}

export function startHidQrScanner(options: HidQrScannerOptions = {}): HidQrScanner {
  return new HidQrScanner(options);
}
