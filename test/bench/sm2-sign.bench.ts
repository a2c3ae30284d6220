/**
 * SM2 signatures per second through drivers/pkcs11 (Token.sign: the vendor profile's mechanism,
 * e = SM3(Z ‖ M) on the host for a host-hashing key, the signature made DER) against a raw
 * pkcs11js C_Sign loop on the same simulated GM key with the same input, in the same run.
 * Both numberings' hashing sides: sansec (host hashes) and tass (the key hashes M). Goal ≥ 0.9×.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pkcs11js from 'pkcs11js';
import { sm2PointOfSpki } from '../../drivers/pkcs11/sm2-public-key.js';
import { sm2TokenInput } from '../../drivers/pkcs11/sm2-token.js';
import { sm2Z } from '../../drivers/pkcs11/sm2.js';
import type { GmKeyVendor } from '../../simulator/gm-key/gm-key.js';
import { inProcessGmToken } from '../helpers/gm-key.js';
import { report } from './report.js';
import { alternatingRounds } from './alternating-rounds.js';

const ROUNDS = 16;
const SIGNS = 150;
// Warm-up pairs before the measured rounds. With one pair the driver's first rounds still ran
// partly unoptimised code (its JS is longer than the raw loop's): 0.78–0.87× where 8 pairs gave
// 0.91–0.99× on the same code. A kiosk signs for weeks; the settled rate is the one that counts.
const WARM = 8;
// about what a stamp's CMS signs: the DER signed attributes
const message = Buffer.alloc(200, 0x31);

async function bench(vendor: GmKeyVendor): Promise<void> {
  const home = await mkdtemp(join(tmpdir(), 'sealdesk-sm2-bench-'));
  const { key, pkcs11, token } = await inProcessGmToken(vendor, 'bench', home);
  try {
    await token.generateKey('sm2', 'seal');
    const profile = token.sm2Profile();
    const point = sm2PointOfSpki((await token.publicKey('seal')).spki)!;

    // the raw peer: same module and key, its own session, the profile's mechanism, the input the
    // driver hands the key (e made once here, M as it is), no layer, no DER
    const lib = token.module.lib;
    const session = lib.C_OpenSession(token.slotId, pkcs11js.CKF_SERIAL_SESSION | pkcs11js.CKF_RW_SESSION);
    lib.C_FindObjectsInit(session, [{ type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY }, { type: pkcs11js.CKA_LABEL, value: 'seal' }]);
    const [handle] = lib.C_FindObjects(session, 1);
    lib.C_FindObjectsFinal(session);
    if (!handle) throw new Error('bench key not found');
    const input = sm2TokenInput(profile, message, sm2Z(point, profile.userId));
    const out = Buffer.alloc(128);
    const rawLoop = async () => {
      const start = process.hrtime.bigint();
      for (let i = 0; i < SIGNS; i++) {
        lib.C_SignInit(session, { mechanism: profile.signMechanism }, handle);
        await lib.C_SignAsync(session, input, out);
      }
      return SIGNS / (Number(process.hrtime.bigint() - start) / 1e9);
    };
    const driverLoop = async () => {
      const start = process.hrtime.bigint();
      for (let i = 0; i < SIGNS; i++) await token.sign('seal', message);
      return SIGNS / (Number(process.hrtime.bigint() - start) / 1e9);
    };
    const [raw, driver] = await alternatingRounds(rawLoop, driverLoop, { rounds: ROUNDS, warm: WARM });
    lib.C_CloseSession(session);
    report({
      name: `SM2 sign via drivers/pkcs11, simulated GM key (${vendor}, ${profile.hashing} hashing)`,
      value: driver,
      unit: 'signs/s',
      peer: { name: 'raw pkcs11js C_Sign loop, same key and input', value: raw },
      better: 'higher',
      goal: { min: 0.9 },
    });
  } finally {
    pkcs11.close();
    await key.close();
    await rm(home, { recursive: true, force: true });
  }
}

await bench('sansec');
await bench('tass');
