import { IdCardReader, type IdCard } from '../../../drivers/idcard/idcard-reader.js';
import { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import type { ServiceContext } from '../service-context.js';
import { hallDevices } from './hall-devices.js';

/**
 * Reads the card on the hall's reader: the port opened for this read and closed after it (a
 * reader unplugged between citizens is then simply found again), one read at a time.
 */
export async function readCard(context: ServiceContext, timeoutMs = 3000): Promise<IdCard> {
  const path = context.devices.idcard;
  if (!path) throw new SealdeskError('DEVICE_NOT_FITTED', { device: 'idcard' });
  return hallDevices(context).queue.run(path, async () => {
    const reader = await IdCardReader.open(path, { timeoutMs });
    try {
      return await reader.readCard();
    } finally {
      await reader.close();
    }
  });
}
