import { join } from 'node:path';
import { startSoftHsm, type SoftHsm } from '../../simulator/softhsm/softhsm.js';

/**
 * On a machine with no USB key configured, sealdesk runs on a SoftHSM instance of its own under
 * SEALDESK_HOME (never the system-wide /var/lib/softhsm), so `npm start` and the CLI share its
 * tokens. SOFTHSM2_CONF set by the caller wins.
 */
export async function useDevSoftHsm(home: string): Promise<SoftHsm | undefined> {
  if (process.env.SOFTHSM2_CONF) return undefined;
  const hsm = await startSoftHsm({ dir: join(home, 'softhsm') });
  process.env.SOFTHSM2_CONF = hsm.confPath;
  return hsm;
}
