import { timingSafeEqual } from 'node:crypto';
import pkcs11js from 'pkcs11js';

/**
 * What an open token keeps to check a PIN typed later without C_Login (which, on an open token,
 * needs a C_Logout first and would close it for everyone): HMAC-SHA256 of the accepted PIN under
 * a secret key generated on the token for this login. The key is a session object (gone with the
 * login or the process), private, sensitive and never extractable, so a memory dump of the
 * process holds a MAC and a key handle, neither of which lets anyone try PINs offline.
 */
export interface PinVerifier {
  readonly key: Buffer;
  readonly mac: Buffer;
}

const MAC_LENGTH = 32;

function macOf(lib: pkcs11js.PKCS11, session: Buffer, key: Buffer, pin: string): Buffer {
  lib.C_SignInit(session, { mechanism: pkcs11js.CKM_SHA256_HMAC }, key);
  return Buffer.from(lib.C_Sign(session, Buffer.from(pin, 'utf8'), Buffer.alloc(MAC_LENGTH)));
}

/** C_GenerateKey (CKK_GENERIC_SECRET, 32 bytes) in a logged-in session, then the MAC of the PIN under it. */
export function makePinVerifier(lib: pkcs11js.PKCS11, session: Buffer, pin: string): PinVerifier {
  const key = lib.C_GenerateKey(session, { mechanism: pkcs11js.CKM_GENERIC_SECRET_KEY_GEN }, [
    { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_SECRET_KEY },
    { type: pkcs11js.CKA_KEY_TYPE, value: pkcs11js.CKK_GENERIC_SECRET },
    { type: pkcs11js.CKA_VALUE_LEN, value: MAC_LENGTH },
    { type: pkcs11js.CKA_LABEL, value: 'sealdesk-pin-verifier' },
    { type: pkcs11js.CKA_TOKEN, value: false },
    { type: pkcs11js.CKA_PRIVATE, value: true },
    { type: pkcs11js.CKA_SENSITIVE, value: true },
    { type: pkcs11js.CKA_EXTRACTABLE, value: false },
    { type: pkcs11js.CKA_SIGN, value: true },
    { type: pkcs11js.CKA_VERIFY, value: false },
    { type: pkcs11js.CKA_ENCRYPT, value: false },
    { type: pkcs11js.CKA_DECRYPT, value: false },
    { type: pkcs11js.CKA_WRAP, value: false },
    { type: pkcs11js.CKA_UNWRAP, value: false },
    { type: pkcs11js.CKA_DERIVE, value: false },
  ]);
  return { key, mac: macOf(lib, session, key, pin) };
}

/** Does the PIN match the one the verifier was made from? One C_Sign on the token, no C_Login. */
export function pinMatches(lib: pkcs11js.PKCS11, session: Buffer, verifier: PinVerifier, pin: string): boolean {
  return timingSafeEqual(macOf(lib, session, verifier.key, pin), verifier.mac);
}

/** Destroys the verifier's key (best effort: a logout or a closed session may have taken it already). */
export function destroyPinVerifier(lib: pkcs11js.PKCS11, session: Buffer, verifier: PinVerifier): void {
  try {
    lib.C_DestroyObject(session, verifier.key);
  } catch {
    // gone with the login already
  }
}
