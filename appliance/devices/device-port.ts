import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';
import { DEVICE_KINDS, type SerialDeviceKind } from './device-kinds.js';
import { recordedDevices } from './recorded-devices.js';

/**
 * The port a device command opens: --port, else SEALDESK_<KIND>_PORT, else the connection the
 * devices running beside this SEALDESK_HOME recorded (a `sim up`), so a trial hall needs no flags at all.
 */
export async function devicePort(home: string, kind: SerialDeviceKind, explicit: string | undefined): Promise<string> {
  if (explicit) return explicit;
  const fromEnv = process.env[`SEALDESK_${kind.toUpperCase()}_PORT`];
  if (fromEnv) return fromEnv;
  const recorded = (await recordedDevices(home))?.[DEVICE_KINDS[kind].configKey];
  if (recorded) return recorded;
  const { zh, en } = DEVICE_KINDS[kind].name;
  throw new SealdeskError('USAGE', {
    reason: `say which serial port the ${en} is on: --port /dev/ttyUSB0`,
    reasonZh: `请指定${zh}所连接的串口：--port /dev/ttyUSB0`,
  });
}
