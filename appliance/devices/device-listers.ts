import type { DeviceLister } from '../../firmware-bridge/discovery/device-info.js';
import { hidLister } from '../../firmware-bridge/discovery/hid-lister.js';
import { pathLister, systemSerialLister } from '../../firmware-bridge/discovery/serial-listers.js';
import { DEVICE_KIND_NAMES, DEVICE_KINDS } from './device-kinds.js';
import { recordedDevices } from './recorded-devices.js';

/**
 * What `devices list` looks at: the OS's serial ports, HID devices, and the paths the OS does not
 * list (ptys): those given, plus the serial devices recorded by a `sim up` running under this home.
 */
export async function deviceListers(home: string, extraPaths: readonly string[]): Promise<DeviceLister[]> {
  const recorded = (await recordedDevices(home)) ?? {};
  const serial = DEVICE_KIND_NAMES.filter((kind) => DEVICE_KINDS[kind].wire === 'serial').flatMap((kind) => recorded[DEVICE_KINDS[kind].configKey] ?? []);
  const paths = [...extraPaths, ...serial];
  return [systemSerialLister(), hidLister(), ...(paths.length > 0 ? [pathLister(paths)] : [])];
}
