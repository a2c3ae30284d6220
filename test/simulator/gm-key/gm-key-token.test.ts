import pkcs11js from 'pkcs11js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ckrOf } from '../../../drivers/pkcs11/ckr.js';
import { SM2_PROFILES } from '../../../drivers/pkcs11/sm2-profiles.js';
import { sm2Digest, sm2Verify } from '../../../drivers/pkcs11/sm2.js';
import { startGmKey, type GmKey } from '../../../simulator/gm-key/gm-key.js';
import { GM_SO_PIN, GM_USER_PIN, generateSm2, initGmToken, pointOf } from '../../helpers/gm-key.js';

const sansec = SM2_PROFILES.find((p) => p.id === 'sansec')!;
const RW = pkcs11js.CKF_SERIAL_SESSION | pkcs11js.CKF_RW_SESSION;
const TRIES = 3;

let key: GmKey;
let lib: pkcs11js.PKCS11;

function open(): void {
  lib = new pkcs11js.PKCS11();
  lib.load(key.modulePath);
  lib.C_Initialize({ flags: pkcs11js.CKF_OS_LOCKING_OK });
}

/** C_Finalize and unload: what the key holds must be what it had, as after a replug or a restart. */
function reload(): void {
  lib.C_Finalize();
  lib.close();
  open();
}

function ckr(call: () => unknown): number | undefined {
  try {
    call();
  } catch (error) {
    // pkcs11js reports C_SetAttributeValue's failure as a plain Error "CKR_NAME:code"
    return ckrOf(error) ?? Number(/:(\d+)$/.exec((error as Error).message)?.[1]);
  }
  return pkcs11js.CKR_OK;
}

function slot(): Buffer {
  const [first] = lib.C_GetSlotList(true);
  if (!first) throw new Error('no token present');
  return first;
}

function flags(): number {
  return lib.C_GetTokenInfo(slot()).flags;
}

beforeAll(async () => {
  key = await startGmKey({ vendor: 'sansec', pinTries: TRIES });
  key.useInProcess();
  open();
});

afterAll(async () => {
  lib.C_Finalize();
  lib.close();
  await key.close();
});

describe('the simulated GM key as a token', () => {
  it('counts wrong PINs down as hardware does, locks on the last, refuses the right PIN then, and lets the SO reset it', () => {
    const { session } = initGmToken(lib);
    lib.C_Logout(session);
    expect(flags() & pkcs11js.CKF_USER_PIN_COUNT_LOW).toBe(0);

    expect(ckr(() => lib.C_Login(session, pkcs11js.CKU_USER, '000000'))).toBe(pkcs11js.CKR_PIN_INCORRECT);
    expect(flags() & pkcs11js.CKF_USER_PIN_COUNT_LOW).toBeTruthy();
    expect(flags() & pkcs11js.CKF_USER_PIN_FINAL_TRY).toBe(0);
    expect(ckr(() => lib.C_Login(session, pkcs11js.CKU_USER, '111111'))).toBe(pkcs11js.CKR_PIN_INCORRECT);
    expect(flags() & pkcs11js.CKF_USER_PIN_FINAL_TRY).toBeTruthy();
    expect(ckr(() => lib.C_Login(session, pkcs11js.CKU_USER, '222222'))).toBe(pkcs11js.CKR_PIN_LOCKED);
    expect(flags() & pkcs11js.CKF_USER_PIN_LOCKED).toBeTruthy();
    expect(ckr(() => lib.C_Login(session, pkcs11js.CKU_USER, GM_USER_PIN))).toBe(pkcs11js.CKR_PIN_LOCKED);

    // the lock is in the key, not in this process
    reload();
    const again = lib.C_OpenSession(slot(), RW);
    expect(flags() & pkcs11js.CKF_USER_PIN_LOCKED).toBeTruthy();
    expect(ckr(() => lib.C_Login(again, pkcs11js.CKU_USER, GM_USER_PIN))).toBe(pkcs11js.CKR_PIN_LOCKED);

    lib.C_Login(again, pkcs11js.CKU_SO, GM_SO_PIN);
    lib.C_InitPIN(again, '135790');
    lib.C_Logout(again);
    expect(flags() & (pkcs11js.CKF_USER_PIN_LOCKED | pkcs11js.CKF_USER_PIN_COUNT_LOW | pkcs11js.CKF_USER_PIN_FINAL_TRY)).toBe(0);
    expect(ckr(() => lib.C_Login(again, pkcs11js.CKU_USER, GM_USER_PIN))).toBe(pkcs11js.CKR_PIN_INCORRECT);
    lib.C_Login(again, pkcs11js.CKU_USER, '135790');
    lib.C_SetPIN(again, '135790', GM_USER_PIN);
    lib.C_Logout(again);
    lib.C_Login(again, pkcs11js.CKU_USER, GM_USER_PIN);
    lib.C_CloseSession(again);
  });

  it('keeps the private key sensitive and never extractable, and hides it from a session not logged in', () => {
    const session = lib.C_OpenSession(slot(), RW);
    lib.C_Login(session, pkcs11js.CKU_USER, GM_USER_PIN);
    const { privateKey } = generateSm2(lib, session, sansec, 'secret');
    expect(ckr(() => lib.C_GetAttributeValue(session, privateKey, [{ type: pkcs11js.CKA_VALUE }]))).toBe(pkcs11js.CKR_ATTRIBUTE_SENSITIVE);
    const read = lib.C_GetAttributeValue(session, privateKey, [
      { type: pkcs11js.CKA_SENSITIVE },
      { type: pkcs11js.CKA_EXTRACTABLE },
      { type: pkcs11js.CKA_ALWAYS_SENSITIVE },
      { type: pkcs11js.CKA_NEVER_EXTRACTABLE },
    ]);
    expect(read.map((a) => (a.value as Buffer)[0])).toEqual([1, 0, 1, 1]);
    expect(ckr(() => lib.C_SetAttributeValue(session, privateKey, [{ type: pkcs11js.CKA_EXTRACTABLE, value: true }]))).toBe(pkcs11js.CKR_ATTRIBUTE_READ_ONLY);
    expect(ckr(() => lib.C_SetAttributeValue(session, privateKey, [{ type: pkcs11js.CKA_SENSITIVE, value: false }]))).toBe(pkcs11js.CKR_ATTRIBUTE_READ_ONLY);
    // asking for an extractable key is refused, not quietly changed
    expect(
      ckr(() =>
        lib.C_GenerateKeyPair(session, { mechanism: sansec.keyPairGenMechanism }, [{ type: pkcs11js.CKA_TOKEN, value: true }], [
          { type: pkcs11js.CKA_TOKEN, value: true },
          { type: pkcs11js.CKA_EXTRACTABLE, value: true },
        ]),
      ),
    ).toBe(pkcs11js.CKR_ATTRIBUTE_VALUE_INVALID);
    lib.C_Logout(session);
    lib.C_FindObjectsInit(session, [{ type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY }]);
    expect(lib.C_FindObjects(session, 10)).toEqual([]);
    lib.C_FindObjectsFinal(session);
    expect(ckr(() => lib.C_SignInit(session, { mechanism: sansec.signMechanism }, privateKey))).toBe(pkcs11js.CKR_USER_NOT_LOGGED_IN);
    lib.C_CloseSession(session);
  });

  it('keeps keys, certificates and PINs across C_Finalize and a reload, and signs with the same key after', () => {
    let session = lib.C_OpenSession(slot(), RW);
    lib.C_Login(session, pkcs11js.CKU_USER, GM_USER_PIN);
    const { point } = generateSm2(lib, session, sansec, 'kept');
    const certificate = Buffer.concat([Buffer.from([0x30, 0x82, 0x01, 0x00]), Buffer.alloc(256, 7)]);
    lib.C_CreateObject(session, [
      { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_CERTIFICATE },
      { type: pkcs11js.CKA_CERTIFICATE_TYPE, value: pkcs11js.CKC_X_509 },
      { type: pkcs11js.CKA_TOKEN, value: true },
      { type: pkcs11js.CKA_LABEL, value: 'kept' },
      { type: pkcs11js.CKA_ID, value: Buffer.from('kept') },
      { type: pkcs11js.CKA_VALUE, value: certificate },
    ]);
    const label = lib.C_GetTokenInfo(slot()).label;
    reload();

    expect(lib.C_GetTokenInfo(slot()).label).toBe(label);
    session = lib.C_OpenSession(slot(), RW);
    lib.C_Login(session, pkcs11js.CKU_USER, GM_USER_PIN);
    const find = (template: pkcs11js.Template): Buffer[] => {
      lib.C_FindObjectsInit(session, template);
      const found = lib.C_FindObjects(session, 10);
      lib.C_FindObjectsFinal(session);
      return found;
    };
    const [cert] = find([{ type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_CERTIFICATE }, { type: pkcs11js.CKA_LABEL, value: 'kept' }]);
    expect(lib.C_GetAttributeValue(session, cert!, [{ type: pkcs11js.CKA_VALUE }])[0]!.value).toEqual(certificate);
    const [pub] = find([{ type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PUBLIC_KEY }, { type: pkcs11js.CKA_LABEL, value: 'kept' }]);
    expect(pointOf(lib.C_GetAttributeValue(session, pub!, [{ type: pkcs11js.CKA_EC_POINT }])[0]!.value as Buffer)).toEqual(point);
    const [priv] = find([{ type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY }, { type: pkcs11js.CKA_LABEL, value: 'kept' }]);
    const message = Buffer.from('signed after a restart');
    lib.C_SignInit(session, { mechanism: sansec.signMechanism }, priv!);
    const signature = lib.C_Sign(session, sm2Digest(message, point), Buffer.alloc(64));
    expect(sm2Verify(message, signature, point)).toBe(true);

    lib.C_DestroyObject(session, cert!);
    reload();
    session = lib.C_OpenSession(slot(), RW);
    lib.C_FindObjectsInit(session, [{ type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_CERTIFICATE }]);
    expect(lib.C_FindObjects(session, 10)).toEqual([]);
    lib.C_FindObjectsFinal(session);
    lib.C_CloseSession(session);
  });

  it('goes away when pulled (CKR_DEVICE_REMOVED, no token, one slot event) and comes back with what it held', async () => {
    const session = lib.C_OpenSession(slot(), RW);
    lib.C_Login(session, pkcs11js.CKU_USER, GM_USER_PIN);
    expect(lib.C_WaitForSlotEvent(pkcs11js.CKF_DONT_BLOCK)).toBeNull();
    await key.pull();
    expect(ckr(() => lib.C_GenerateRandom(session, Buffer.alloc(16)))).toBe(pkcs11js.CKR_DEVICE_REMOVED);
    expect(lib.C_GetSlotList(true)).toEqual([]);
    expect(lib.C_GetSlotList(false)).toHaveLength(1);
    expect(ckr(() => lib.C_GetTokenInfo(lib.C_GetSlotList(false)[0]!))).toBe(pkcs11js.CKR_TOKEN_NOT_PRESENT);
    expect(lib.C_WaitForSlotEvent(pkcs11js.CKF_DONT_BLOCK)).not.toBeNull();
    expect(lib.C_WaitForSlotEvent(pkcs11js.CKF_DONT_BLOCK)).toBeNull();
    // the old session died with the key
    await key.plug();
    expect(lib.C_WaitForSlotEvent(pkcs11js.CKF_DONT_BLOCK)).not.toBeNull();
    expect(ckr(() => lib.C_GenerateRandom(session, Buffer.alloc(16)))).toBe(pkcs11js.CKR_SESSION_HANDLE_INVALID);
    const fresh = lib.C_OpenSession(slot(), RW);
    lib.C_Login(fresh, pkcs11js.CKU_USER, GM_USER_PIN);
    lib.C_FindObjectsInit(fresh, [{ type: pkcs11js.CKA_LABEL, value: 'kept' }, { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY }]);
    expect(lib.C_FindObjects(fresh, 10)).toHaveLength(1);
    lib.C_FindObjectsFinal(fresh);
    lib.C_CloseSession(fresh);
  });

  it('answers what it cannot do cleanly: no secret keys, no encryption, no other mechanisms', () => {
    const session = lib.C_OpenSession(slot(), RW);
    lib.C_Login(session, pkcs11js.CKU_USER, GM_USER_PIN);
    const { privateKey } = generateSm2(lib, session, sansec, 'limits');
    expect(
      ckr(() => lib.C_GenerateKey(session, { mechanism: pkcs11js.CKM_AES_KEY_GEN }, [{ type: pkcs11js.CKA_VALUE_LEN, value: 32 }])),
    ).toBe(pkcs11js.CKR_MECHANISM_INVALID);
    expect(ckr(() => lib.C_EncryptInit(session, { mechanism: pkcs11js.CKM_AES_GCM }, privateKey))).toBe(pkcs11js.CKR_MECHANISM_INVALID);
    expect(ckr(() => lib.C_DigestInit(session, { mechanism: pkcs11js.CKM_SHA256 }))).toBe(pkcs11js.CKR_MECHANISM_INVALID);
    expect(ckr(() => lib.C_SignInit(session, { mechanism: pkcs11js.CKM_ECDSA }, privateKey))).toBe(pkcs11js.CKR_MECHANISM_INVALID);
    expect(ckr(() => lib.C_GenerateKeyPair(session, { mechanism: pkcs11js.CKM_EC_KEY_PAIR_GEN }, [], []))).toBe(pkcs11js.CKR_MECHANISM_INVALID);
    // a host-hashed mechanism takes e, 32 bytes, nothing else
    lib.C_SignInit(session, { mechanism: sansec.signMechanism }, privateKey);
    expect(ckr(() => lib.C_Sign(session, Buffer.alloc(20), Buffer.alloc(64)))).toBe(pkcs11js.CKR_DATA_LEN_RANGE);
    lib.C_CloseSession(session);
  });
});
