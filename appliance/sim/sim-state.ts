import { readFile, rm, writeFile, rename } from 'node:fs/promises';
import type { DEVICE_KINDS, HallDevices, SerialDeviceKind } from '../devices/device-kinds.js';
import { recordedDevicesPath } from '../devices/recorded-devices.js';
import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';

type SerialConfigKey = (typeof DEVICE_KINDS)[SerialDeviceKind]['configKey'];

/** What a simulated device adds to sim.json besides its connection (e.g. where its receipts go). */
export interface SimExtras {
  /** Where each cut receipt is rendered, as receipt-N.png and receipt-N.json. */
  receiptsDir?: string;
  /** The IPP printer; absent when started with --no-ipp. */
  ipp?: { uri: string; spoolDir: string };
}

/**
 * What a running `sealdesk sim up` (or the demo hall's device process) tells other shells: where
 * its devices are and how to steer it. `connections` is what a service is configured with; the
 * serial devices' paths are also at the top level (idcard, receipt, qrscanner), as before.
 */
export type SimState = SimExtras &
  Partial<Record<SerialConfigKey, string>> & {
    pid: number;
    /** Loopback HTTP port of the control channel (see control-server.ts). */
    controlPort: number;
    connections: HallDevices;
  };

export function simStatePath(home: string): string {
  return recordedDevicesPath(home);
}

export async function writeSimState(home: string, state: SimState): Promise<void> {
  const path = simStatePath(home);
  // Written aside and renamed: a shell reading it never sees half a file.
  await writeFile(`${path}.part`, JSON.stringify(state, null, 2), { mode: 0o600 });
  await rename(`${path}.part`, path);
}

/** The running simulators, or SIM_NOT_RUNNING-style USAGE error telling the user to start them. */
export async function readSimState(home: string): Promise<SimState> {
  const text = await readFile(simStatePath(home), 'utf8').catch(() => undefined);
  if (text === undefined) throw new SealdeskError('USAGE', { reason: 'no simulators are running here: start them with `sealdesk sim up`', reasonZh: '本机没有正在运行的模拟器，请先运行 `sealdesk sim up` 启动' });
  return JSON.parse(text) as SimState;
}

/** The same, or undefined when none run (for defaults such as --port). */
export async function findSimState(home: string): Promise<SimState | undefined> {
  return readSimState(home).catch(() => undefined);
}

export async function removeSimState(home: string): Promise<void> {
  await rm(simStatePath(home), { force: true });
}
