import type { DeviceLister } from '../../firmware-bridge/discovery/device-info.js';
import { hidLister } from '../../firmware-bridge/discovery/hid-lister.js';
import { pathLister, systemSerialLister } from '../../firmware-bridge/discovery/serial-listers.js';
import { findSimState } from '../sim/sim-state.js';

/**
 * What `devices list` looks at: the OS's serial ports, HID devices, and the paths the OS does not
 * list (ptys): those given, plus the simulated devices of a `sim up` running under this home.
 */
export async function deviceListers(home: string, extraPaths: readonly string[]): Promise<DeviceLister[]> {
  const sim = await findSimState(home);
  const paths = [...extraPaths, ...(sim ? [sim.idcard, sim.receipt, sim.qrscanner] : [])];
  return [systemSerialLister(), hidLister(), ...(paths.length > 0 ? [pathLister(paths)] : [])];
}
