import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { initCa } from '../../../../appliance/ca/ca-init.js';
import { caPaths } from '../../../../appliance/ca/ca-store.js';
import { issueCrl } from '../../../../appliance/ca/ca-crl.js';
import { createSeal } from '../../../../appliance/seals/create-seal.js';
import { SealRegistry } from '../../../../appliance/seals/registry/seal-registry.js';
import type { Seal, SealType } from '../../../../appliance/seals/seal.js';
import type { StampContext } from '../../../../appliance/stamping/index.js';
import type { Token } from '../../../../drivers/pkcs11/token.js';
import { openTokenFixture, USER_PIN, type TokenFixture } from '../../../helpers/softhsm.js';
import { afterFile } from '../../../helpers/after-file.js';

export const ORG = '杭州市西湖区行政审批服务管理局';
export const USCC = '11330106002489166C';

export interface SealFixture {
  fx: TokenFixture;
  token: Token;
  registry: SealRegistry;
  /** PEM of the dev CA root. */
  rootPem: string;
  context: StampContext;
  seal(name: string, type?: SealType): Promise<Seal>;
  /** Issues the dev CA's CRL now (what B-LT puts in the DSS). */
  crl(): Promise<Buffer>;
}

/**
 * One SoftHSM token per test file with a dev CA on it and seals made by the real code; the
 * token is logged out again so each stamp logs in with the PIN, as at the counter.
 */
export async function openSealFixture(): Promise<SealFixture> {
  const fx = await openTokenFixture(['seal-token']);
  const token = fx.pkcs11.token({ label: 'seal-token' });
  await token.login(USER_PIN);
  const registry = SealRegistry.open(fx.home);
  await initCa(fx.home, token, { organisation: '西湖区数据资源管理局', commonName: 'dev seal CA', keyLabel: 'seal-ca', crlBaseUrl: 'http://127.0.0.1:8443' });
  const noLogin = async (): Promise<void> => {};
  const fixture: SealFixture = {
    fx,
    token,
    registry,
    rootPem: caPaths(fx.home).root,
    context: { home: fx.home, registry, pkcs11: fx.pkcs11, pin: USER_PIN, verifyBaseUrl: 'https://verify.hall.example.cn/v' },
    async seal(name, type = 'business') {
      if (!token.isLoggedIn) await token.login(USER_PIN);
      return createSeal(fx.home, fx.pkcs11, registry, { name, type, organisation: { name: ORG, uscc: USCC }, token }, noLogin);
    },
    async crl() {
      if (!token.isLoggedIn) await token.login(USER_PIN);
      return issueCrl(fx.home, token, registry.list());
    },
  };
  afterFile(async () => {
    registry.close();
    await fx.close();
  });
  return fixture;
}

/** Writes a file and returns its path. */
export async function put(dir: string, name: string, bytes: Buffer | string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, bytes);
  return path;
}
