import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pkcs11js from 'pkcs11js';
import { rawToDer } from '../../drivers/pkcs11/ecdsa-signature.js';
import { Pkcs11 } from '../../drivers/pkcs11/pkcs11.js';
import type { Token } from '../../drivers/pkcs11/token.js';
import { startGmKey, type GmKey, type GmKeyVendor } from '../../simulator/gm-key/gm-key.js';

const run = promisify(execFile);

export const GM_SO_PIN = '87654321';
export const GM_USER_PIN = '246810';

/** SubjectPublicKeyInfo of an SM2 public key (id-ecPublicKey with the SM2 curve), as PEM. */
export function sm2PublicKeyPem(point: Buffer): string {
  const der = Buffer.concat([Buffer.from('3059301306072a8648ce3d020106082a811ccf5501822d034200', 'hex'), point]);
  return `-----BEGIN PUBLIC KEY-----\n${der.toString('base64').replace(/.{64}/g, '$&\n')}\n-----END PUBLIC KEY-----\n`;
}

/** The point 04‖x‖y inside CKA_EC_POINT's DER OCTET STRING. */
export function pointOf(ecPoint: Buffer): Buffer {
  if (ecPoint[0] !== 0x04 || ecPoint[1] !== 65 || ecPoint.length !== 67) throw new Error(`CKA_EC_POINT is not an OCTET STRING of 65 bytes: ${ecPoint.toString('hex')}`);
  return ecPoint.subarray(2);
}

/**
 * OpenSSL's own verdict on an SM2 signature (DER or r‖s) of `message` with GM/T 0009's default ID:
 * `openssl pkeyutl -verify -rawin -digest sm3 -pkeyopt distid:1234567812345678`.
 */
export async function opensslSm2Verify(message: Buffer, signature: Buffer, point: Buffer): Promise<boolean> {
  const dir = await mkdtemp(join(tmpdir(), 'sealdesk-sm2-verify-'));
  try {
    const der = signature.length === 64 ? rawToDer(signature) : signature;
    await writeFile(join(dir, 'pub.pem'), sm2PublicKeyPem(point));
    await writeFile(join(dir, 'msg'), message);
    await writeFile(join(dir, 'sig'), der);
    try {
      const { stdout } = await run('openssl', [
        'pkeyutl', '-verify', '-pubin', '-inkey', join(dir, 'pub.pem'), '-rawin', '-digest', 'sm3',
        '-pkeyopt', 'distid:1234567812345678', '-in', join(dir, 'msg'), '-sigfile', join(dir, 'sig'),
      ]);
      return /Signature Verified Successfully/.test(stdout);
    } catch (error) {
      const out = `${(error as { stdout?: string }).stdout ?? ''}${(error as { stderr?: string }).stderr ?? ''}`;
      if (/Signature Verification Failure/.test(out)) return false;
      throw error;
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A fresh token through pkcs11js: initialised with the SO PIN, user PIN set by the SO, user logged in on a R/W session. */
export function initGmToken(lib: pkcs11js.PKCS11, label = 'gm-seal'): { slot: Buffer; session: Buffer } {
  const [slot] = lib.C_GetSlotList(true);
  if (!slot) throw new Error('the simulated GM key shows no slot with a token');
  lib.C_InitToken(slot, GM_SO_PIN, label.padEnd(32, ' '));
  const session = lib.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION | pkcs11js.CKF_RW_SESSION);
  lib.C_Login(session, pkcs11js.CKU_SO, GM_SO_PIN);
  lib.C_InitPIN(session, GM_USER_PIN);
  lib.C_Logout(session);
  lib.C_Login(session, pkcs11js.CKU_USER, GM_USER_PIN);
  return { slot, session };
}

/** An SM2 key pair on the token, as sealdesk's key templates ask for one; its handles and point. */
export function generateSm2(lib: pkcs11js.PKCS11, session: Buffer, numbers: { keyType: number; keyPairGenMechanism: number }, label = 'seal'): { publicKey: Buffer; privateKey: Buffer; point: Buffer } {
  const id = Buffer.from(label);
  const common = [
    { type: pkcs11js.CKA_TOKEN, value: true },
    { type: pkcs11js.CKA_LABEL, value: label },
    { type: pkcs11js.CKA_ID, value: id },
    { type: pkcs11js.CKA_KEY_TYPE, value: numbers.keyType },
  ];
  const keys = lib.C_GenerateKeyPair(
    session,
    { mechanism: numbers.keyPairGenMechanism },
    [...common, { type: pkcs11js.CKA_PRIVATE, value: false }, { type: pkcs11js.CKA_VERIFY, value: true }, { type: pkcs11js.CKA_EC_PARAMS, value: Buffer.from('06082a811ccf5501822d', 'hex') }],
    [...common, { type: pkcs11js.CKA_PRIVATE, value: true }, { type: pkcs11js.CKA_SIGN, value: true }, { type: pkcs11js.CKA_SENSITIVE, value: true }, { type: pkcs11js.CKA_EXTRACTABLE, value: false }],
  );
  const [ecPoint] = lib.C_GetAttributeValue(session, keys.publicKey, [{ type: pkcs11js.CKA_EC_POINT }]);
  return { publicKey: keys.publicKey, privateKey: keys.privateKey, point: pointOf(ecPoint!.value as Buffer) };
}

/**
 * A simulated GM key loaded into this process (the benches time it beside raw pkcs11js calls),
 * its token `label` made as initGmToken makes one, then opened through sealdesk's driver with
 * its user logged in. The caller closes pkcs11, then the key.
 */
export async function inProcessGmToken(vendor: GmKeyVendor, label: string, stateDir: string): Promise<{ key: GmKey; pkcs11: Pkcs11; token: Token }> {
  const key = await startGmKey({ vendor });
  key.useInProcess();
  const init = new pkcs11js.PKCS11();
  init.load(key.modulePath);
  init.C_Initialize();
  initGmToken(init, label);
  init.C_Finalize();
  init.close();
  const pkcs11 = Pkcs11.open({ modulePaths: [key.modulePath], stateDir });
  const token = pkcs11.token({ label });
  await token.login(GM_USER_PIN);
  return { key, pkcs11, token };
}
