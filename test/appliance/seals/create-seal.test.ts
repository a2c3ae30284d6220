import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initCa } from '../../../appliance/ca/ca-init.js';
import { createSeal } from '../../../appliance/seals/create-seal.js';
import { loadSealForStamping } from '../../../appliance/seals/load-seal.js';
import { SealRegistry } from '../../../appliance/seals/registry/seal-registry.js';
import { toPem } from '../../../drivers/pkcs11/pem.js';
import type { Token } from '../../../drivers/pkcs11/token.js';
import { openTokenFixture, USER_PIN, type TokenFixture } from '../../helpers/softhsm.js';
import { codeOf } from '../../helpers/failure.js';

const run = promisify(execFile);
const ORG = '浙江某某科技有限公司';
const USCC = '91350100M000100Y43';

let fx: TokenFixture;
let work: string;
let token: Token;
let registry: SealRegistry;
const noLogin = async () => {
  throw new Error('the CA token is the seal token here, already logged in');
};

beforeAll(async () => {
  fx = await openTokenFixture(['seal-token']);
  work = await mkdtemp(join(tmpdir(), 'sealdesk-create-'));
  token = fx.pkcs11.token({ label: 'seal-token' });
  await token.login(USER_PIN);
  registry = SealRegistry.open(fx.home);
});
afterAll(async () => {
  registry?.close();
  await fx?.close();
  await rm(work, { recursive: true, force: true });
});

describe('creating seals', () => {
  it('without a dev CA and without --cert: CA_NOT_INITIALIZED, and no key left on the token', async () => {
    expect(await codeOf(createSeal(fx.home, fx.pkcs11, registry, { name: '公章', type: 'official', organisation: { name: ORG, uscc: USCC }, token }, noLogin))).toBe(
      'CA_NOT_INITIALIZED',
    );
    expect(await token.keys()).toEqual([]);
  });

  it('with a certificate from an external CA (OpenSSL) for a CSR made on the token', async () => {
    await token.generateKey('ec-p256', 'external-key');
    const csr = await token.certificateRequest('external-key', `CN=合同专用章, O=${ORG}, organizationIdentifier=${USCC}, C=CN`);
    await writeFile(join(work, 'req.pem'), toPem(csr, 'CERTIFICATE REQUEST'));
    const ca = (f: string) => join(work, f);
    await run('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', ca('ca.key'), '-out', ca('ca.pem'), '-days', '30', '-subj', '/CN=External CA']);
    await run('openssl', ['x509', '-req', '-in', ca('req.pem'), '-CA', ca('ca.pem'), '-CAkey', ca('ca.key'), '-CAcreateserial', '-days', '20', '-out', ca('seal.pem')]);
    const chain = [await readFile(ca('seal.pem')), await readFile(ca('ca.pem'))];
    const seal = await createSeal(
      fx.home, fx.pkcs11, registry,
      { name: '合同专用章', type: 'contract', organisation: { name: ORG, uscc: USCC }, token, existingKey: 'external-key', certificateChain: chain },
      noLogin,
    );
    expect(seal).toMatchObject({ key: { keyLabel: 'external-key', tokenSerial: token.serial }, certificateIssuer: 'CN=External CA', imageSource: 'generated' });
    expect(seal.certificateChain).toHaveLength(2);
    // the certificate went onto the token beside its key
    expect((await token.certificates()).map((c) => c.label)).toEqual(['external-key']);

    // and the stamping code gets everything in one call
    const loaded = loadSealForStamping(registry, fx.pkcs11, seal.id);
    expect(loaded.keyLabel).toBe('external-key');
    expect(loaded.token.serial).toBe(token.serial);
    expect(loaded.image.subarray(1, 4).toString()).toBe('PNG');
    const signature = await loaded.token.sign(loaded.keyLabel, Buffer.from('document'));
    expect(signature.signature[0]).toBe(0x30);
    registry.suspend(seal.id, 'audit');
    expect(() => loadSealForStamping(registry, fx.pkcs11, seal.id)).toThrow(expect.objectContaining({ code: 'SEAL_SUSPENDED' }));
  });

  it('refuses a certificate for another key (CERT_KEY_MISMATCH) and stores nothing', async () => {
    await initCa(fx.home, token, { organisation: '测试局', commonName: 'dev CA', keyLabel: 'seal-ca', crlBaseUrl: 'http://127.0.0.1:8443' });
    await token.generateKey('ec-p256', 'other-key');
    const foreign = await readFile(join(work, 'seal.pem'));
    const before = registry.list().length;
    expect(
      await codeOf(
        createSeal(fx.home, fx.pkcs11, registry, { name: '财务专用章', type: 'finance', organisation: { name: ORG, uscc: USCC }, token, existingKey: 'other-key', certificateChain: [foreign] }, noLogin),
      ),
    ).toBe('CERT_KEY_MISMATCH');
    expect(registry.list()).toHaveLength(before);
  });

  it('with the dev CA: a finance seal gets an oval image and a chain to the dev root', async () => {
    const seal = await createSeal(fx.home, fx.pkcs11, registry, { name: '财务专用章', type: 'finance', organisation: { name: ORG, uscc: USCC }, token, code: '3301060012345' }, noLogin);
    const png = registry.image(seal.id);
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([480, 320]); // oval: 3:2
    expect(seal.certificateIssuer).toBe('C=CN, O=测试局, CN=dev CA');
    expect(seal.code).toBe('3301060012345');
    expect(await codeOf(createSeal(fx.home, fx.pkcs11, registry, { name: '财务专用章', type: 'finance', organisation: { name: ORG, uscc: USCC }, token, keyLabel: 'again' }, noLogin))).toBe(
      'SEAL_EXISTS',
    );
    expect((await token.keys()).map((k) => k.label)).not.toContain('again'); // refused before a key was made
  });
});
