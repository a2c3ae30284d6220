import { SerialTransport } from '../../firmware-bridge/transport/serial-transport.js';
import { openPtyPair } from '../pty/pty-pair.js';

export interface SerialQrScannerOptions {
  /** What ends each scan: CR (the factory default of most scanners), CR LF, or LF. */
  suffix?: '\r' | '\r\n' | '\n';
  baudRate?: number;
}

export interface SerialQrScanner {
  /** The end the driver opens with serialport. */
  readonly hostPath: string;
  /** Sends one decoded code: its text as UTF-8, then the suffix. */
  scan(payload: string): Promise<void>;
  unplug(): Promise<void>;
  close(): Promise<void>;
}

/** A QR scanner in serial (virtual COM) mode on the device end of a socat pty pair. */
export async function startSerialQrScanner(options: SerialQrScannerOptions = {}): Promise<SerialQrScanner> {
  const pair = await openPtyPair({ name: 'qrscanner' });
  const transport = new SerialTransport({ path: pair.devicePath, baudRate: options.baudRate ?? 115200 });
  await transport.open().catch(async (error: unknown) => {
    await pair.close();
    throw error;
  });
  const suffix = options.suffix ?? '\r';
  let gone = false;
  const unplug = async (): Promise<void> => {
    if (gone) return;
    gone = true;
    await pair.close();
    await transport.close().catch(() => undefined);
  };
  return {
    hostPath: pair.hostPath,
    scan: (payload) => transport.write(Buffer.from(payload + suffix, 'utf8')),
    unplug,
    close: unplug,
  };
}
