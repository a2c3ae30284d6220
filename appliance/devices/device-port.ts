import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';
import { findSimState, type SimState } from '../sim/sim-state.js';

type SimDevice = 'idcard' | 'receipt' | 'qrscanner';

const DEVICE_ZH: Readonly<Record<SimDevice, string>> = { idcard: '身份证阅读器', receipt: '小票打印机', qrscanner: '扫码器' };

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
  throw new SealdeskError('USAGE', {
    reason: `say which serial port the ${device} is on: --port /dev/ttyUSB0`,
    reasonZh: `请指定${DEVICE_ZH[device]}所连接的串口：--port /dev/ttyUSB0`,
  });
}
