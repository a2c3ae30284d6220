import { createHash } from 'node:crypto';
import { sm2 } from 'sm-crypto-v2';
import { derToRaw } from './ecdsa-signature.js';

/**
 * Host-side SM2 (GM/T 0003) and SM3 (GM/T 0004): Z, the digest a GM key signs, and verification.
 * Not Node's SM2: OpenSSL 3 through node:crypto signs and verifies with an empty ID, which GM/T
 * 0009's verifiers reject, and cannot be given one. SM3 itself is node:crypto's (OpenSSL's).
 */

/** The SM2 curve (also the key's AlgorithmIdentifier parameter), SM3, SM3withSM2 (X.509, GM/T 0006). */
export const SM2_CURVE_OID = '1.2.156.10197.1.301';
export const SM3_OID = '1.2.156.10197.1.401';
export const SM3_WITH_SM2_OID = '1.2.156.10197.1.501';
/** sm2-1, the SM2 signature as GM/T 0010 names a CMS SignerInfo's signatureAlgorithm. */
export const SM2_SIGN_OID = '1.2.156.10197.1.301.1';
/** GM/T 0009's default distinguishing ID, which every verifier assumes unless told otherwise. */
export const DEFAULT_SM2_ID = '1234567812345678';

export function sm3(data: Uint8Array): Buffer {
  return createHash('sm3').update(data).digest();
}

/** An uncompressed point 04‖x‖y as hex, which the library takes. */
function pointHex(publicKey: Uint8Array): string {
  return Buffer.from(publicKey).toString('hex');
}

// Z is fixed per key and ID, and the library's SM3 is JavaScript: a seal's Z is made once (a few seals per terminal)
const Z_CACHE_SIZE = 64;
const zCache = new Map<string, Buffer>();

/** Z = SM3(ENTL ‖ ID ‖ a ‖ b ‖ xG ‖ yG ‖ xA ‖ yA) for the key (04‖x‖y, 65 bytes). */
export function sm2Z(publicKey: Uint8Array, userId: string = DEFAULT_SM2_ID): Buffer {
  const key = `${pointHex(publicKey)}/${userId}`;
  let z = zCache.get(key);
  if (z) return z;
  // the library takes the ID as text and encodes it as UTF-8 itself
  z = Buffer.from(sm2.getZ(pointHex(publicKey), userId));
  if (zCache.size >= Z_CACHE_SIZE) zCache.delete(zCache.keys().next().value!);
  zCache.set(key, z);
  return z;
}

/** e = SM3(Z ‖ M): what a GM key that leaves the hashing to the host signs. */
export function sm2Digest(message: Uint8Array, publicKey: Uint8Array, userId: string = DEFAULT_SM2_ID): Buffer {
  return sm3(Buffer.concat([sm2Z(publicKey, userId), message]));
}

/**
 * Whether `signature` (DER SM2Signature, or r‖s of 64 bytes) is the SM2 signature of `message` by
 * `publicKey` with `userId`; false, never a throw, for anything malformed.
 */
export function sm2Verify(message: Uint8Array, signature: Uint8Array, publicKey: Uint8Array, userId: string = DEFAULT_SM2_ID): boolean {
  try {
    const raw = signature.length === 64 ? Buffer.from(signature) : derToRaw(Buffer.from(signature), 32);
    const e = sm2Digest(message, publicKey, userId);
    // hash: false — the library is given e itself, so the ID above is the only one that counts
    return sm2.doVerifySignature(e, raw.toString('hex'), pointHex(publicKey), { der: false, hash: false });
  } catch {
    return false;
  }
}
