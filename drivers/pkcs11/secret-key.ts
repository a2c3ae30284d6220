import { randomBytes } from 'node:crypto';
import pkcs11js from 'pkcs11js';

/**
 * An AES-256 key that lives on the token (CKA_TOKEN, private, sensitive, never extractable) and
 * encrypts small secrets at rest with CKM_AES_GCM through C_Encrypt/C_Decrypt: the key's value
 * never enters the process, so a copy of the files and of the process memory opens nothing
 * without the token and its PIN. GCM (not CKM_AES_KEY_WRAP_PAD) because the secrets are bound to
 * their record by associated data, which key wrap cannot carry; SoftHSM2 ≥ 2.4 has it.
 *
 * CK_GCM_PARAMS is read two ways by modules (with or without ulIvBits, see SoftHSMv2 #481);
 * pkcs11js's CK_PARAMS_AES_GCM_v240 sends the v2.40 header's layout that SoftHSM2 reads, with
 * ulIvBits = ulIvLen × 8 as the errata header says.
 */

const KEY_LENGTH = 32;
const IV_LENGTH = 12;
const TAG_BITS = 128;

/** The secret key labelled so, made on the token the first time (the session must be logged in as the user). */
export function findOrGenerateAesKey(lib: pkcs11js.PKCS11, session: Buffer, label: string): Buffer {
  const found = findAesKey(lib, session, label);
  if (found) return found;
  return lib.C_GenerateKey(session, { mechanism: pkcs11js.CKM_AES_KEY_GEN }, [
    { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_SECRET_KEY },
    { type: pkcs11js.CKA_KEY_TYPE, value: pkcs11js.CKK_AES },
    { type: pkcs11js.CKA_VALUE_LEN, value: KEY_LENGTH },
    { type: pkcs11js.CKA_LABEL, value: label },
    { type: pkcs11js.CKA_TOKEN, value: true },
    { type: pkcs11js.CKA_PRIVATE, value: true },
    { type: pkcs11js.CKA_SENSITIVE, value: true },
    { type: pkcs11js.CKA_EXTRACTABLE, value: false },
    { type: pkcs11js.CKA_ENCRYPT, value: true },
    { type: pkcs11js.CKA_DECRYPT, value: true },
    { type: pkcs11js.CKA_SIGN, value: false },
    { type: pkcs11js.CKA_VERIFY, value: false },
    { type: pkcs11js.CKA_WRAP, value: false },
    { type: pkcs11js.CKA_UNWRAP, value: false },
    { type: pkcs11js.CKA_DERIVE, value: false },
  ]);
}

/** The secret key labelled so, if the token has one (visible only to a logged-in session: it is private). */
export function findAesKey(lib: pkcs11js.PKCS11, session: Buffer, label: string): Buffer | undefined {
  lib.C_FindObjectsInit(session, [
    { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_SECRET_KEY },
    { type: pkcs11js.CKA_KEY_TYPE, value: pkcs11js.CKK_AES },
    { type: pkcs11js.CKA_LABEL, value: label },
  ]);
  try {
    return lib.C_FindObjects(session, 1)[0];
  } finally {
    lib.C_FindObjectsFinal(session);
  }
}

function gcm(iv: Buffer, aad: Buffer): pkcs11js.Mechanism {
  const parameter: pkcs11js.AesGCM = { type: pkcs11js.CK_PARAMS_AES_GCM_v240, iv, aad, ivBits: IV_LENGTH * 8, tagBits: TAG_BITS };
  return { mechanism: pkcs11js.CKM_AES_GCM, parameter };
}

/** iv ‖ ciphertext ‖ tag, the IV random per call. */
export function aesGcmEncrypt(lib: pkcs11js.PKCS11, session: Buffer, key: Buffer, plaintext: Buffer, aad: Buffer): Buffer {
  const iv = randomBytes(IV_LENGTH);
  lib.C_EncryptInit(session, gcm(iv, aad), key);
  const sealed = lib.C_Encrypt(session, plaintext, Buffer.alloc(plaintext.length + TAG_BITS / 8));
  return Buffer.concat([iv, sealed]);
}

/** The plaintext of aesGcmEncrypt's output; throws (CKR_ENCRYPTED_DATA_INVALID) when the tag or associated data do not match. */
export function aesGcmDecrypt(lib: pkcs11js.PKCS11, session: Buffer, key: Buffer, sealed: Buffer, aad: Buffer): Buffer {
  if (sealed.length < IV_LENGTH + TAG_BITS / 8) throw new RangeError('too short to be AES-GCM output');
  lib.C_DecryptInit(session, gcm(sealed.subarray(0, IV_LENGTH), aad), key);
  const body = sealed.subarray(IV_LENGTH);
  return Buffer.from(lib.C_Decrypt(session, body, Buffer.alloc(body.length)));
}
