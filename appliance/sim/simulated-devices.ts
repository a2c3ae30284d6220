import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';
import { sampleCitizen, startIdCardReader, type Identity } from '../../simulator/idcard/index.js';
import { startIppPrinter } from '../../simulator/ipp-printer/ipp-printer.js';
import { startSerialQrScanner } from '../../simulator/qrscanner/index.js';
import { startReceiptPrinter } from '../../simulator/receipt/index.js';
import type { DeviceKindName } from '../devices/device-kinds.js';
import type { ControlAction } from './control-server.js';
import type { SimExtras } from './sim-state.js';

/** One simulated device, started: its connection for the service, what else sim.json says of it, how `sim …` steers it. */
export interface SimulatedDevice {
  connection: string;
  extras?: SimExtras;
  actions?: Record<string, ControlAction>;
  close(): Promise<void>;
}

export interface SimulatorContext {
  /** Where a device writes what it produces (receipts) for other processes to read. */
  receiptsDir: string;
}

function text(body: Record<string, unknown>, key: string): string | undefined {
  const value = body[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Each device kind's simulator, for the development entry points only (`sim up`, the demo hall's
 * device process): the product path never loads this file. Keyed by the registration in
 * appliance/devices/device-kinds.ts, so a kind without its simulator does not compile.
 */
export const SIMULATED_DEVICES: Readonly<Record<DeviceKindName, (context: SimulatorContext) => Promise<SimulatedDevice>>> = {
  idcard: async () => {
    const reader = await startIdCardReader({ identity: sampleCitizen() });
    return {
      connection: reader.hostPath,
      actions: {
        'card/insert': (body) => {
          const overrides: Partial<Identity> = {};
          for (const key of ['name', 'idNumber', 'birth', 'sex', 'address'] as const) {
            const value = text(body, key);
            if (value !== undefined) overrides[key] = value;
          }
          reader.insertCard(sampleCitizen(overrides));
          return { card: 'inserted' };
        },
        'card/remove': () => (reader.removeCard(), { card: 'removed' }),
        // the reader's cable: for trying hot-plug (`devices list --watch`) by hand
        'reader/unplug': async () => (await reader.unplug(), { reader: 'unplugged' }),
        'reader/plug': async () => (await reader.replug(), { reader: 'plugged', path: reader.hostPath }),
      },
      close: () => reader.close(),
    };
  },
  receipt: async ({ receiptsDir }) => {
    const printer = await startReceiptPrinter({ outDir: receiptsDir, keepInMemory: 50 });
    return {
      connection: printer.hostPath,
      extras: { receiptsDir },
      actions: {
        'paper/out': () => (printer.setPaper('out'), { paper: 'out' }),
        'paper/in': () => (printer.setPaper('ok'), { paper: 'ok' }),
      },
      close: () => printer.close(),
    };
  },
  qrscanner: async () => {
    const scanner = await startSerialQrScanner();
    return {
      connection: scanner.hostPath,
      actions: {
        scan: async (body) => {
          const payload = text(body, 'text');
          if (payload === undefined) throw new SealdeskError('USAGE', { reason: 'scan needs a text', reasonZh: '模拟扫码须提供文字内容' });
          await scanner.scan(payload);
          return { scanned: payload };
        },
      },
      close: () => scanner.close(),
    };
  },
  printer: async () => {
    const ipp = await startIppPrinter();
    return { connection: ipp.uri, extras: { ipp: { uri: ipp.uri, spoolDir: ipp.spoolDir } }, close: () => ipp.close() };
  },
};
