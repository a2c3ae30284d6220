import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';
import { findSimState, type SimState } from '../sim/sim-state.js';

type SimDevice = 'idcard' | 'receipt' | 'qrscanner';

/**
 * The port a device command opens: --port, else SEALDESK_<DEVICE>_PORT, else the simulated device
 * of a `sim up` running under this SEALDESK_HOME, so a trial hall needs no flags at all.
 */
export async function devicePort(home: string, device: SimDevice, explicit: string | undefined): Promise<string> {
  if (explicit) return explicit;
  const fromEnv = process.env[`SEALDESK_${device.toUpperCase()}_PORT`];
  if (fromEnv) return fromEnv;
  const sim: SimState | undefined = await findSimState(home);
  if (sim) return sim[device];
  throw new SealdeskError('USAGE', { reason: `say which serial port the ${device} is on: --port /dev/ttyUSB0` });
}
