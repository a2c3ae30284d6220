/**
 * A non-default SM2 distinguishing ID (`token.sm2Id`): a seal on a host-hashing GM key (the
 * simulated key, sansec numbering) signs with it, OpenSSL with `distid:<that ID>` verifies the
 * signature, and sealdesk's own check passes with that ID and fails with the default one. A key
 * that hashes on the key cannot take another ID: SM2_ID_UNSUPPORTED.
 */
import { execFile } from 'node:child_process';
import { createPublicKey } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pkcs11js from 'pkcs11js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Pkcs11 } from '../../../drivers/pkcs11/pkcs11.js';
import { tokenSigner } from '../../../drivers/pkcs11/seal-signer.js';
import { signatureAlgorithm, verifySignature } from '../../../drivers/pkcs11/signature-algorithms.js';
import { sm2PointOfSpki } from '../../../drivers/pkcs11/sm2-public-key.js';
import { SM2_PROFILES, withSm2Id } from '../../../drivers/pkcs11/sm2-profiles.js';
import { sm2Verify } from '../../../drivers/pkcs11/sm2.js';
import { startGmKey, type GmKey } from '../../../simulator/gm-key/gm-key.js';
import { failure } from '../../helpers/failure.js';
import { GM_USER_PIN, initGmToken, sm2PublicKeyPem } from '../../helpers/gm-key.js';
import { tempDir } from '../../helpers/temp-dir.js';

const run = promisify(execFile);
const SEAL_ID = 'sealdesk-印章-0001';

let key: GmKey;
let pkcs11: Pkcs11;
let dir: string;

beforeAll(async () => {
  key = await startGmKey({ vendor: 'sansec' });
  key.useInProcess();
  const init = new pkcs11js.PKCS11();
  init.load(key.modulePath);
  init.C_Initialize();
  initGmToken(init, 'gm-seal');
  init.C_Finalize();
  init.close();
  dir = await tempDir('sm2-id');
  pkcs11 = Pkcs11.open({ modulePaths: [key.modulePath], stateDir: dir, sm2Id: SEAL_ID });
});
afterAll(async () => {
  pkcs11?.close();
  await key?.close();
});

async function opensslVerifies(message: Buffer, signature: Buffer, point: Buffer, id: string): Promise<boolean> {
  await writeFile(join(dir, 'pub.pem'), sm2PublicKeyPem(point));
  await writeFile(join(dir, 'msg'), message);
  await writeFile(join(dir, 'sig'), signature);
  try {
    const { stdout } = await run('openssl', ['pkeyutl', '-verify', '-pubin', '-inkey', join(dir, 'pub.pem'), '-rawin', '-digest', 'sm3', '-pkeyopt', `distid:${id}`, '-in', join(dir, 'msg'), '-sigfile', join(dir, 'sig')]);
    return /Signature Verified Successfully/.test(stdout);
  } catch (error) {
    if (/Signature Verification Failure/.test(`${(error as { stdout?: string }).stdout ?? ''}`)) return false;
    throw error;
  }
}

describe('SM2 with a configured distinguishing ID', () => {
  it('signs under token.sm2Id: OpenSSL verifies with distid set to it, sealdesk’s check passes with it and fails with the default', async () => {
    const token = pkcs11.token({ label: 'gm-seal' });
    await token.login(GM_USER_PIN);
    await token.generateKey('sm2', 'seal');
    const signer = await tokenSigner(token, 'seal');
    expect(signer.sm2Id).toBe(SEAL_ID);
    const { spki } = await token.publicKey('seal');
    const point = sm2PointOfSpki(spki)!;
    const publicKey = createPublicKey({ key: spki, format: 'der', type: 'spki' });
    const message = Buffer.from('DER signed attributes of a stamp by a seal with its own ID');
    const signature = await signer.sign(message);

    expect(await opensslVerifies(message, signature, point, SEAL_ID)).toBe(true);
    expect(await opensslVerifies(message, signature, point, '1234567812345678')).toBe(false);
    const sm2 = signatureAlgorithm('sm2-sm3');
    expect(verifySignature(sm2, message, signature, publicKey, { sm2Id: SEAL_ID })).toBe(true);
    expect(verifySignature(sm2, message, signature, publicKey)).toBe(false);
    expect(sm2Verify(message, signature, point, SEAL_ID)).toBe(true);
    const changed = Buffer.from(message);
    changed[0]! ^= 1;
    expect(verifySignature(sm2, changed, signature, publicKey, { sm2Id: SEAL_ID })).toBe(false);
  });

  it('refuses another ID for a key that hashes on the key (tass, luna): SM2_ID_UNSUPPORTED, naming the ID', async () => {
    for (const id of ['tass', 'luna']) {
      const profile = SM2_PROFILES.find((p) => p.id === id)!;
      expect(withSm2Id(profile, profile.userId)).toBe(profile);
      const error = await failure(Promise.resolve().then(() => withSm2Id(profile, SEAL_ID)));
      expect(error.code).toBe('SM2_ID_UNSUPPORTED');
      expect(error.message).toContain(SEAL_ID);
    }
    const sansec = SM2_PROFILES.find((p) => p.id === 'sansec')!;
    expect(withSm2Id(sansec, SEAL_ID).userId).toBe(SEAL_ID);
    expect(withSm2Id(sansec, undefined)).toBe(sansec);
  });
});
