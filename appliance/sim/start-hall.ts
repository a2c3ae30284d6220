import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';
import { sampleCitizen, startIdCardReader, type Identity } from '../../simulator/idcard/index.js';
import { startIppPrinter } from '../../simulator/ipp-printer/ipp-printer.js';
import { startSerialQrScanner } from '../../simulator/qrscanner/index.js';
import { startReceiptPrinter } from '../../simulator/receipt/index.js';
import type { ControlAction } from './control-server.js';
import type { SimState } from './sim-state.js';

export interface SimulatedHall {
  /** Everything but pid and controlPort, which the caller adds. */
  devices: Omit<SimState, 'pid' | 'controlPort'>;
  actions: Record<string, ControlAction>;
  close(): Promise<void>;
}

function text(body: Record<string, unknown>, key: string): string | undefined {
  const value = body[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Starts every simulated hall device (ID reader with a card on it, receipt printer, QR scanner, IPP printer). */
export async function startSimulatedHall(home: string, options: { ipp?: boolean } = {}): Promise<SimulatedHall> {
  const receiptsDir = join(home, 'sim', 'receipts');
  await mkdir(receiptsDir, { recursive: true });
  const closers: (() => Promise<void>)[] = [];
  const close = async () => {
    for (const c of closers.splice(0).reverse()) await c().catch(() => undefined);
  };
  try {
    const idcard = await startIdCardReader({ identity: sampleCitizen() });
    closers.push(() => idcard.close());
    const receipt = await startReceiptPrinter({ outDir: receiptsDir });
    closers.push(() => receipt.close());
    const qrscanner = await startSerialQrScanner();
    closers.push(() => qrscanner.close());
    const ipp = options.ipp === false ? undefined : await startIppPrinter();
    if (ipp) closers.push(() => ipp.close());

    const actions: Record<string, ControlAction> = {
      'card/insert': (body) => {
        const overrides: Partial<Identity> = {};
        for (const key of ['name', 'idNumber', 'birth', 'sex', 'address'] as const) {
          const value = text(body, key);
          if (value !== undefined) overrides[key] = value;
        }
        idcard.insertCard(sampleCitizen(overrides));
        return { card: 'inserted' };
      },
      'card/remove': () => (idcard.removeCard(), { card: 'removed' }),
      // The reader's cable: for trying hot-plug (`devices list --watch`) by hand.
      'reader/unplug': async () => (await idcard.unplug(), { reader: 'unplugged' }),
      'reader/plug': async () => (await idcard.replug(), { reader: 'plugged', path: idcard.hostPath }),
      'paper/out': () => (receipt.setPaper('out'), { paper: 'out' }),
      'paper/in': () => (receipt.setPaper('ok'), { paper: 'ok' }),
      scan: async (body) => {
        const payload = text(body, 'text');
        if (payload === undefined) throw new SealdeskError('USAGE', { reason: 'scan needs a text', reasonZh: '模拟扫码须提供文字内容' });
        await qrscanner.scan(payload);
        return { scanned: payload };
      },
    };
    return {
      devices: {
        idcard: idcard.hostPath,
        receipt: receipt.hostPath,
        receiptsDir,
        qrscanner: qrscanner.hostPath,
        ...(ipp ? { ipp: { uri: ipp.uri, spoolDir: ipp.spoolDir } } : {}),
      },
      actions,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
