/**
 * SM2 keys on the simulated GM USB key through sealdesk's token layer, in each vendor numbering:
 * key generation with the profile's key type and mechanism, the public key read back as OpenSSL
 * writes SM2 keys, signatures through the profile (host-computed e or M to the key) that OpenSSL
 * and BouncyCastle verify and that fail with one bit changed, CSRs that `openssl req -verify`
 * accepts with the default ID, PIN lock and non-extractability as for SoftHSM.
 */
import { execFile } from 'node:child_process';
import { createPublicKey } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pkcs11js from 'pkcs11js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publicKeyFromCsr } from '../../../appliance/ca/csr.js';
import { toPem } from '../../../drivers/pkcs11/pem.js';
import { Pkcs11 } from '../../../drivers/pkcs11/pkcs11.js';
import { tokenSigner } from '../../../drivers/pkcs11/seal-signer.js';
import { sm2PointOfSpki } from '../../../drivers/pkcs11/sm2-public-key.js';
import { SM2_PROFILES } from '../../../drivers/pkcs11/sm2-profiles.js';
import { sm2Verify, sm3 } from '../../../drivers/pkcs11/sm2.js';
import type { Token } from '../../../drivers/pkcs11/token.js';
import { startGmKey, type GmKey, type GmKeyVendor } from '../../../simulator/gm-key/gm-key.js';
import { bouncyCastle } from '../../helpers/bouncycastle.js';
import { failure } from '../../helpers/failure.js';
import { GM_SO_PIN, GM_USER_PIN, initGmToken, opensslSm2Verify } from '../../helpers/gm-key.js';

const run = promisify(execFile);

function flipBit(bytes: Buffer, index: number): Buffer {
  const copy = Buffer.from(bytes);
  copy[index]! ^= 0x01;
  return copy;
}

/** A fresh GM key in this numbering, initialised through raw pkcs11js, then opened by sealdesk's token layer. */
async function openGmToken(vendor: GmKeyVendor, home: string): Promise<{ key: GmKey; pkcs11: Pkcs11; token: Token }> {
  const key = await startGmKey({ vendor, pinTries: 3 });
  key.useInProcess();
  const lib = new pkcs11js.PKCS11();
  lib.load(key.modulePath);
  lib.C_Initialize();
  initGmToken(lib, 'gm-seal');
  lib.C_Finalize();
  lib.close();
  const pkcs11 = Pkcs11.open({ modulePaths: [key.modulePath], stateDir: home, maxPinTries: 3 });
  return { key, pkcs11, token: pkcs11.token({ label: 'gm-seal' }) };
}

describe.each(SM2_PROFILES.map((p) => p.id as GmKeyVendor))('an SM2 seal key on the simulated GM key (%s numbering)', (vendor) => {
  let home: string;
  let gm: { key: GmKey; pkcs11: Pkcs11; token: Token };
  let token: Token;

  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'sealdesk-sm2-token-'));
    gm = await openGmToken(vendor, home);
    token = gm.token;
    await token.login(GM_USER_PIN);
  }, 120_000);
  afterAll(async () => {
    gm?.pkcs11.close();
    await gm?.key.close();
    await rm(home, { recursive: true, force: true });
  });

  it('chooses the vendor profile by the token manufacturer, generates an SM2 key there, lists it as sm2, private key sensitive and never extractable', async () => {
    expect(token.sm2Profile().id).toBe(vendor);
    const made = await token.generateKey('sm2', 'seal');
    expect(made).toMatchObject({ label: 'seal', type: 'sm2', algorithm: 'sm2', bits: 256, hasPrivateKey: true, sensitive: true, extractable: false });
    const listed = (await token.keys()).find((k) => k.label === 'seal');
    expect(listed).toMatchObject({ type: 'sm2', algorithm: 'sm2', neverExtractable: true });
    expect((await token.signingAlgorithm('seal')).id).toBe('sm2-sm3');
  });

  it('reads the public key back as OpenSSL writes SM2 keys: id-ecPublicKey with the SM2 curve', async () => {
    const { spki, type } = await token.publicKey('seal');
    expect(type).toBe('sm2');
    expect(sm2PointOfSpki(spki)).toHaveLength(65);
    const dir = await mkdtemp(join(tmpdir(), 'sealdesk-sm2-pub-'));
    try {
      await writeFile(join(dir, 'pub.pem'), createPublicKey({ key: spki, format: 'der', type: 'spki' }).export({ type: 'spki', format: 'pem' }));
      const { stdout } = await run('openssl', ['pkey', '-pubin', '-in', join(dir, 'pub.pem'), '-noout', '-text']);
      expect(stdout).toMatch(/ASN1 OID: SM2/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('signs through the profile: OpenSSL (distid 1234567812345678), BouncyCastle and sealdesk verify; one bit changed fails each', async () => {
    const signer = await tokenSigner(token, 'seal');
    expect(signer.algorithm.id).toBe('sm2-sm3');
    const message = Buffer.from(`行政审批专用章 ${vendor}`);
    const signature = await signer.sign(message);
    const { spki } = await token.publicKey('seal');
    const point = sm2PointOfSpki(spki)!;
    expect(await opensslSm2Verify(message, signature, point)).toBe(true);
    expect(await bouncyCastle('sig', spki, message, signature)).toBe('OK');
    expect(sm2Verify(message, signature, point)).toBe(true);
    const bad = flipBit(message, 3);
    expect(await opensslSm2Verify(bad, signature, point)).toBe(false);
    expect(await bouncyCastle('sig', spki, bad, signature)).toMatch(/^FAIL/);
    expect(await opensslSm2Verify(message, flipBit(signature, signature.length - 2), point)).toBe(false);
  });

  it('signs exactly the bytes of a Uint8Array view into a larger buffer, and again with the key’s Z kept from the first sign', async () => {
    const { spki } = await token.publicKey('seal');
    const point = sm2PointOfSpki(spki)!;
    const backing = new Uint8Array(64).fill(0x41);
    backing.set(Buffer.from('盖章 ok'), 16);
    const view = backing.subarray(16, 16 + Buffer.byteLength('盖章 ok'));
    const first = await token.sign('seal', view);
    expect(await opensslSm2Verify(Buffer.from('盖章 ok'), first.signature, point)).toBe(true);
    const second = await token.sign('seal', Buffer.from('second'));
    expect(sm2Verify(Buffer.from('second'), second.signature, point)).toBe(true);
    expect(sm2Verify(Buffer.from('盖章 ok'), second.signature, point)).toBe(false);
  });

  it('refuses signDigest for SM2: SM3(M) handed in would be the signature of an unknown message', async () => {
    const signer = await tokenSigner(token, 'seal');
    const error = await failure(signer.signDigest(sm3(Buffer.from('x'))));
    expect(error.code).toBe('MECHANISM_UNSUPPORTED');
    expect((await failure(token.signDigest('seal', sm3(Buffer.from('x'))))).code).toBe('MECHANISM_UNSUPPORTED');
  });

  it('makes a CSR signed SM3withSM2 that openssl req -verify accepts with the default ID, BouncyCastle too, and sealdesk’s CA reads', async () => {
    const csr = await token.certificateRequest('seal', 'CN=行政审批专用章, O=某某市政务服务中心, C=CN');
    const dir = await mkdtemp(join(tmpdir(), 'sealdesk-sm2-csr-'));
    try {
      await writeFile(join(dir, 'csr.pem'), toPem(csr, 'CERTIFICATE REQUEST'));
      const { stdout, stderr } = await run('openssl', ['req', '-in', join(dir, 'csr.pem'), '-verify', '-noout', '-vfyopt', 'distid:1234567812345678']);
      expect(`${stdout}${stderr}`).toMatch(/verify OK/);
      await writeFile(join(dir, 'bad.der'), flipBit(csr, csr.length - 5));
      // openssl req exits 0 either way: its words are the verdict
      const bad = await run('openssl', ['req', '-inform', 'DER', '-in', join(dir, 'bad.der'), '-verify', '-noout', '-vfyopt', 'distid:1234567812345678']).catch((e: { stdout: string; stderr: string }) => e);
      expect(`${bad.stdout}${bad.stderr}`).toMatch(/verify failure/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    const { spki } = await token.publicKey('seal');
    expect(await bouncyCastle('signed', csr, spki)).toBe('OK');
    expect(publicKeyFromCsr(csr).equals(spki)).toBe(true);
    expect((await failure(Promise.resolve().then(() => publicKeyFromCsr(flipBit(csr, csr.length - 5))))).code).toBe('CSR_INVALID');
  });

  it('never gives the private key out: CKA_VALUE is sensitive through raw pkcs11js', () => {
    const lib = gm.pkcs11.modules[0]!.lib;
    const session = lib.C_OpenSession(token.slotId, pkcs11js.CKF_SERIAL_SESSION);
    try {
      lib.C_FindObjectsInit(session, [{ type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY }, { type: pkcs11js.CKA_LABEL, value: 'seal' }]);
      const [handle] = lib.C_FindObjects(session, 1);
      lib.C_FindObjectsFinal(session);
      expect(handle).toBeDefined();
      expect(() => lib.C_GetAttributeValue(session, handle!, [{ type: pkcs11js.CKA_VALUE }])).toThrow(/CKR_ATTRIBUTE_SENSITIVE/);
    } finally {
      lib.C_CloseSession(session);
    }
  });

  it('locks the PIN after the last wrong try (PIN_LOCKED even for the right PIN) until the SO unblocks it', async () => {
    await token.logout();
    expect((await failure(token.login('000000'))).details.triesLeft).toBe(2);
    expect((await failure(token.login('000000'))).details.triesLeft).toBe(1);
    expect((await failure(token.login('000000'))).code).toBe('PIN_LOCKED');
    expect((await failure(token.login(GM_USER_PIN))).code).toBe('PIN_LOCKED');
    await token.initUserPin(GM_SO_PIN, GM_USER_PIN);
    await token.login(GM_USER_PIN);
    expect(token.isLoggedIn).toBe(true);
  });
});

describe('an SM2 key on a module without an SM2 profile', () => {
  it('is a typed error before anything reaches the key: SM2_PROFILE_MISSING', async () => {
    const home = await mkdtemp(join(tmpdir(), 'sealdesk-sm2-none-'));
    const gm = await openGmToken('sansec', home);
    gm.pkcs11.close();
    try {
      // a numbering sealdesk has no profile for is what a module of another vendor looks like
      const pkcs11 = Pkcs11.open({ modulePaths: [gm.key.modulePath], stateDir: home, sm2Profile: 'no-such-vendor' });
      const token = pkcs11.token({ label: 'gm-seal' });
      await token.login(GM_USER_PIN);
      const error = await failure(token.generateKey('sm2', 'x'));
      expect(error.code).toBe('SM2_PROFILE_MISSING');
      expect(error.messageEn).toMatch(/sansec/);
      pkcs11.close();
    } finally {
      gm.pkcs11.close();
      await gm.key.close();
      await rm(home, { recursive: true, force: true });
    }
  });
});
