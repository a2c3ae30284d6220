import pkcs11js from 'pkcs11js';
import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';
import { derToRaw, rawToDer } from './ecdsa-signature.js';
import { encodeCurve } from './ec-params.js';
import type { SignatureAlgorithm } from './signature-algorithms.js';
import type { Signature } from './signing.js';
import { sm2Digest, SM2_CURVE_OID } from './sm2.js';
import type { Sm2Profile } from './sm2-profiles.js';

/**
 * SM2 on a GM key through its vendor profile: key generation with the vendor's key type and
 * mechanism, and signing where the profile says the hashing happens. Straight pkcs11js: graphene
 * knows no vendor numbers, and its templates would refuse a key type it cannot name.
 */

/** C_GenerateKeyPair of an SM2 pair: the private key sensitive, never extractable, sign only (as key-generation.ts for EC/RSA). */
export function generateSm2KeyPair(lib: pkcs11js.PKCS11, session: Buffer, profile: Sm2Profile, label: string, id: Buffer): void {
  const common: pkcs11js.Template = [
    { type: pkcs11js.CKA_TOKEN, value: true },
    { type: pkcs11js.CKA_LABEL, value: label },
    { type: pkcs11js.CKA_ID, value: id },
    { type: pkcs11js.CKA_KEY_TYPE, value: profile.keyType },
  ];
  const publicKey: pkcs11js.Template = [
    ...common,
    { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PUBLIC_KEY },
    { type: pkcs11js.CKA_PRIVATE, value: false },
    { type: pkcs11js.CKA_VERIFY, value: true },
    // the SM2 curve's OID, as OpenSSL names it in SubjectPublicKeyInfo; a module may want its own form (profile.ecParams)
    { type: pkcs11js.CKA_EC_PARAMS, value: profile.ecParams ?? encodeCurve(SM2_CURVE_OID) },
  ];
  const privateKey: pkcs11js.Template = [
    ...common,
    { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY },
    { type: pkcs11js.CKA_PRIVATE, value: true },
    { type: pkcs11js.CKA_SENSITIVE, value: true },
    { type: pkcs11js.CKA_EXTRACTABLE, value: false },
    { type: pkcs11js.CKA_SIGN, value: true },
    { type: pkcs11js.CKA_DECRYPT, value: false },
    { type: pkcs11js.CKA_UNWRAP, value: false },
    { type: pkcs11js.CKA_DERIVE, value: false },
  ];
  lib.C_GenerateKeyPair(session, { mechanism: profile.keyPairGenMechanism }, publicKey, privateKey);
}

/** What the key is handed: e = SM3(Z ‖ M) when the host hashes (Z from the key's point and the profile's ID), else M. */
export function sm2TokenInput(profile: Sm2Profile, message: Uint8Array, point: Buffer): Buffer {
  return profile.hashing === 'host' ? sm2Digest(message, point, profile.userId) : Buffer.from(message);
}

/** An SM2 signature of `message` by the key, as DER SM2Signature (what X.509 and CMS carry) and as r‖s. */
export async function signSm2OnToken(
  lib: pkcs11js.PKCS11,
  session: Buffer,
  key: Buffer,
  profile: Sm2Profile,
  algorithm: SignatureAlgorithm,
  message: Uint8Array,
  point: Buffer,
): Promise<Signature> {
  lib.C_SignInit(session, { mechanism: profile.signMechanism }, key);
  const out = await lib.C_SignAsync(session, sm2TokenInput(profile, message, point), Buffer.allocUnsafe(128));
  let raw: Buffer;
  try {
    raw = profile.signatureEncoding === 'raw' ? Buffer.from(out) : derToRaw(Buffer.from(out), 32);
  } catch (error) {
    throw new SealdeskError('INPUT_INVALID', { reason: `the key's SM2 signature is not ${profile.signatureEncoding} (profile ${profile.id})` }, { cause: error });
  }
  if (raw.length !== 64) throw new SealdeskError('INPUT_INVALID', { reason: `the key's SM2 signature has ${raw.length} bytes, not r‖s of 64 (profile ${profile.id})` });
  return { algorithm, signature: rawToDer(raw), raw };
}
