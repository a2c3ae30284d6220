import { SerialPort } from 'serialport';
import { setTimeout as sleep } from 'node:timers/promises';

/** The host end as a test sees it: plain serialport, hand-written ESC/POS, status bytes collected. */
export class PrinterHost {
  received: number[] = [];
  private constructor(readonly port: SerialPort) {
    port.on('data', (chunk: Buffer) => this.received.push(...chunk));
    port.on('error', () => undefined);
  }

  static async open(path: string): Promise<PrinterHost> {
    const port = new SerialPort({ path, baudRate: 115200, autoOpen: false });
    await new Promise<void>((resolve, reject) => port.open((e) => (e ? reject(e) : resolve())));
    return new PrinterHost(port);
  }

  async send(bytes: Uint8Array): Promise<void> {
    this.port.write(Buffer.from(bytes));
    await new Promise<void>((resolve, reject) => this.port.drain((e) => (e ? reject(e) : resolve())));
  }

  /** Sends DLE EOT n and returns the one byte answered. */
  async status(n: number, timeoutMs = 1000): Promise<number> {
    const before = this.received.length;
    await this.send(Buffer.from([0x10, 0x04, n]));
    const deadline = Date.now() + timeoutMs;
    while (this.received.length === before) {
      if (Date.now() > deadline) throw new Error(`no status byte for DLE EOT ${n}`);
      await sleep(2);
    }
    return this.received[before]!;
  }

  async close(): Promise<void> {
    if (this.port.isOpen) await new Promise<void>((resolve) => this.port.close(() => resolve()));
  }
}
