import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pkcs11 } from '../../drivers/pkcs11/pkcs11.js';
import { startSoftHsm, type SoftHsm } from '../../simulator/softhsm/softhsm.js';

export const SO_PIN = '87654321';
export const USER_PIN = '246810';

export interface TokenFixture {
  hsm: SoftHsm;
  pkcs11: Pkcs11;
  /** SEALDESK_HOME for this test file. */
  home: string;
  close(): Promise<void>;
}

/**
 * One SoftHSM instance and one PKCS#11 layer for the calling test file (its own process):
 * SOFTHSM2_CONF is set before the module is initialised, as SoftHSM reads it only then.
 */
export async function openTokenFixture(labels: string[] = ['seal-token']): Promise<TokenFixture> {
  const hsm = await startSoftHsm();
  for (const label of labels) await hsm.initToken(label, SO_PIN, USER_PIN);
  process.env.SOFTHSM2_CONF = hsm.confPath;
  const home = await mkdtemp(join(tmpdir(), 'sealdesk-home-'));
  const pkcs11 = Pkcs11.open({ modulePaths: [hsm.modulePath], stateDir: home, maxPinTries: 3 });
  return {
    hsm,
    pkcs11,
    home,
    async close() {
      pkcs11.close();
      await hsm.close();
      await rm(home, { recursive: true, force: true });
    },
  };
}
