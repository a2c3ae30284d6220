import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DEVICE_KIND_NAMES, DEVICE_KINDS, type HallDevices } from './device-kinds.js';

/**
 * Where devices running beside this home recorded their connections: `sealdesk sim up` and the
 * demo hall's device process write SEALDESK_HOME/sim.json. The product reads only the connections
 * from it (as it would read a hall's device map), so it never loads a simulator.
 */
export const RECORDED_DEVICES_FILE = 'sim.json';

export function recordedDevicesPath(home: string): string {
  return join(home, RECORDED_DEVICES_FILE);
}

/** The recorded connections by config key, or undefined when nothing is recorded here. */
export async function recordedDevices(home: string): Promise<HallDevices | undefined> {
  const text = await readFile(recordedDevicesPath(home), 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  const parsed = JSON.parse(text) as { connections?: Record<string, unknown> };
  const from = parsed.connections ?? {};
  const devices: HallDevices = {};
  for (const kind of DEVICE_KIND_NAMES) {
    const key = DEVICE_KINDS[kind].configKey;
    const value = from[key];
    if (typeof value === 'string') devices[key] = value;
  }
  return devices;
}
