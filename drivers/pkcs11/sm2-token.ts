import pkcs11js from 'pkcs11js';
import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';
import { derToRaw, rawToDer } from './ecdsa-signature.js';
import { encodeCurve } from './ec-params.js';
import type { SignatureAlgorithm } from './signature-algorithms.js';
import type { Signature } from './signing.js';
import { sm2DigestOfZ, SM2_CURVE_OID } from './sm2.js';
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

/**
 * What the key is handed: e = SM3(Z ‖ M) when the host hashes, else M. `z` is the key's Z with
 * the profile's ID (sm2Z), made once per key by the caller; a key that hashes never reads it.
 */
export function sm2TokenInput(profile: Sm2Profile, message: Uint8Array, z: Buffer): Buffer {
  if (profile.hashing === 'host') return sm2DigestOfZ(z, message);
  return Buffer.isBuffer(message) ? message : Buffer.from(message.buffer, message.byteOffset, message.byteLength);
}

/**
 * An SM2 result in the key's encoding, the other made on first use (as signing.ts does for ECDSA):
 * X.509 and CMS read `signature` (DER), a caller that wants r‖s reads `raw`.
 */
class Sm2Signature implements Signature {
  readonly algorithm: SignatureAlgorithm;
  #der: Buffer | undefined;
  #raw: Buffer | undefined;

  constructor(algorithm: SignatureAlgorithm, output: Buffer, encoding: 'raw' | 'der') {
    this.algorithm = algorithm;
    if (encoding === 'raw') this.#raw = output;
    else this.#der = output;
  }

  get signature(): Buffer {
    this.#der ??= rawToDer(this.#raw!);
    return this.#der;
  }

  get raw(): Buffer {
    this.#raw ??= derToRaw(this.#der!, 32);
    return this.#raw;
  }
}

/** An SM2 signature of `message` by the key; DEVICE_ERROR when the key answers in another form than its profile says. */
export async function signSm2OnToken(
  lib: pkcs11js.PKCS11,
  session: Buffer,
  key: Buffer,
  profile: Sm2Profile,
  algorithm: SignatureAlgorithm,
  message: Uint8Array,
  z: Buffer,
): Promise<Signature> {
  lib.C_SignInit(session, { mechanism: profile.signMechanism }, key);
  // a slice of a fresh buffer: the result is kept by the caller
  const out = await lib.C_SignAsync(session, sm2TokenInput(profile, message, z), Buffer.allocUnsafe(80));
  // the form is checked here, cheaply; the other encoding is made only if asked for
  const fits = profile.signatureEncoding === 'raw' ? out.length === 64 : out.length >= 8 && out[0] === 0x30 && out[1] === out.length - 2;
  if (!fits) throw new SealdeskError('DEVICE_ERROR', { reason: `the key's SM2 signature is not ${profile.signatureEncoding === 'raw' ? 'r‖s of 64 bytes' : 'DER'} (profile ${profile.id})` });
  return new Sm2Signature(algorithm, out, profile.signatureEncoding);
}
