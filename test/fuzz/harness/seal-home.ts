import { cp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { initCa } from '../../../appliance/ca/ca-init.js';
import { createSeal } from '../../../appliance/seals/create-seal.js';
import { SealRegistry } from '../../../appliance/seals/registry/seal-registry.js';
import type { StampContext } from '../../../appliance/stamping/index.js';
import { Pkcs11 } from '../../../drivers/pkcs11/pkcs11.js';
import { startSoftHsm } from '../../../simulator/softhsm/softhsm.js';
import { SO_PIN, USER_PIN } from '../../helpers/softhsm.js';
import { ORG, USCC } from '../../appliance/stamping/helpers/seal-fixture.js';

/**
 * A SoftHSM token with the dev seal CA and one seal made by the real code (as the stamping tests'
 * seal-fixture.ts makes them), kept in `root` so every harness child can take a copy of its own:
 * SoftHSM reads its configuration once per process, and a child that dies must not take the
 * token of the others with it.
 */
export interface SealHomeFacts {
  sealId: string;
}

const softhsmDir = (root: string): string => join(root, 'softhsm');
const homeDir = (root: string): string => join(root, 'home');

/** Makes the token, CA and seal under `root` (run in a process of its own: it sets SOFTHSM2_CONF). */
export async function prepareSealHome(root: string): Promise<SealHomeFacts> {
  const hsm = await startSoftHsm({ dir: softhsmDir(root) });
  await hsm.initToken('fuzz-seal-token', SO_PIN, USER_PIN);
  process.env.SOFTHSM2_CONF = hsm.confPath;
  const home = homeDir(root);
  const pkcs11 = Pkcs11.open({ modulePaths: [hsm.modulePath], stateDir: home, maxPinTries: 1000 });
  const registry = SealRegistry.open(home);
  try {
    const token = pkcs11.token({ label: 'fuzz-seal-token' });
    await token.login(USER_PIN);
    await initCa(home, token, { organisation: '西湖区数据资源管理局', commonName: 'dev seal CA', keyLabel: 'seal-ca', crlBaseUrl: 'http://127.0.0.1:8443' });
    const seal = await createSeal(home, pkcs11, registry, { name: '行政审批专用章', type: 'business', organisation: { name: ORG, uscc: USCC }, token }, async () => {});
    const facts = { sealId: seal.id };
    await writeFile(join(root, 'seal.json'), JSON.stringify(facts));
    return facts;
  } finally {
    registry.close();
    pkcs11.close();
  }
}

export interface OpenedSealHome {
  home: string;
  sealId: string;
  context: StampContext;
  registry: SealRegistry;
  close(): Promise<void>;
}

/** A copy of the prepared seal home in `own`, its token opened in this process. */
export async function openSealHomeCopy(root: string, own: string): Promise<OpenedSealHome> {
  await cp(root, own, { recursive: true });
  await rm(join(softhsmDir(own), 'softhsm2.conf'), { force: true }); // rewritten to point at the copy's tokens
  const hsm = await startSoftHsm({ dir: softhsmDir(own) });
  process.env.SOFTHSM2_CONF = hsm.confPath;
  const home = homeDir(own);
  const { sealId } = JSON.parse(await readFile(join(own, 'seal.json'), 'utf8')) as SealHomeFacts;
  const pkcs11 = Pkcs11.open({ modulePaths: [hsm.modulePath], stateDir: home, maxPinTries: 1000 });
  const registry = SealRegistry.open(home);
  return {
    home,
    sealId,
    registry,
    context: { home, registry, pkcs11, pin: USER_PIN, verifyBaseUrl: 'https://verify.hall.example.cn/v' },
    async close() {
      registry.close();
      pkcs11.close();
      await rm(own, { recursive: true, force: true });
    },
  };
}
