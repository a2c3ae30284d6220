import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { DEVICE_KIND_NAMES, DEVICE_KINDS, type DeviceKindName, type HallDevices } from '../devices/device-kinds.js';
import type { ControlAction } from './control-server.js';
import type { SimExtras, SimState } from './sim-state.js';
import { SIMULATED_DEVICES } from './simulated-devices.js';

export interface SimulatedHall {
  /** Everything but pid and controlPort, which the caller adds. */
  devices: Omit<SimState, 'pid' | 'controlPort'>;
  actions: Record<string, ControlAction>;
  close(): Promise<void>;
}

/** Starts every simulated hall device (ID reader with a card on it, receipt printer, QR scanner, IPP printer), but those left out. */
export async function startSimulatedHall(home: string, options: { ipp?: boolean; without?: readonly DeviceKindName[] } = {}): Promise<SimulatedHall> {
  const receiptsDir = join(home, 'sim', 'receipts');
  await mkdir(receiptsDir, { recursive: true });
  const without = new Set<DeviceKindName>([...(options.without ?? []), ...(options.ipp === false ? (['printer'] as const) : [])]);
  const closers: (() => Promise<void>)[] = [];
  const close = async () => {
    for (const c of closers.splice(0).reverse()) await c().catch(() => undefined);
  };
  try {
    const connections: HallDevices = {};
    const serialPaths: Record<string, string> = {};
    let extras: SimExtras = {};
    const actions: Record<string, ControlAction> = {};
    for (const kind of DEVICE_KIND_NAMES) {
      if (without.has(kind)) continue;
      const device = await SIMULATED_DEVICES[kind]({ receiptsDir });
      closers.push(() => device.close());
      const key = DEVICE_KINDS[kind].configKey;
      connections[key] = device.connection;
      if (DEVICE_KINDS[kind].wire === 'serial') serialPaths[key] = device.connection;
      extras = { ...extras, ...device.extras };
      Object.assign(actions, device.actions);
    }
    return { devices: { ...serialPaths, ...extras, connections }, actions, close };
  } catch (error) {
    await close();
    throw error;
  }
}
