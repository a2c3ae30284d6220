import { isSealdeskError, SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';

/** A write that fails below us (port gone, pty peer closed) is a disconnected device to the clerk. */
export function wireError(error: unknown, device: string): SealdeskError {
  return isSealdeskError(error) ? error : new SealdeskError('DEVICE_DISCONNECTED', { device }, { cause: error });
}
