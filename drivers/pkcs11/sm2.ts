import { createHash } from 'node:crypto';
import { SM2_N, sm2Point, sumX, withTable, type Sm2Point } from './sm2-curve.js';

/**
 * Host-side SM2 (GM/T 0003) and SM3 (GM/T 0004): Z, the digest a GM key signs, and verification
 * (the curve arithmetic on @noble/curves: sm2-curve.ts). Not Node's SM2: OpenSSL 3 through
 * node:crypto signs and verifies with an empty ID, which GM/T 0009's verifiers reject, and
 * cannot be given one. SM3 itself is node:crypto's (OpenSSL's).
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

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const bigint = (bytes: Uint8Array) => BigInt(`0x${hex(bytes) || '0'}`);

// a, b, xG, yG of GM/T 0003.5's curve, as Z takes them
const CURVE_BYTES = Buffer.from(
  'fffffffeffffffffffffffffffffffffffffffff00000000fffffffffffffffc' +
    '28e9fa9e9d9f5e344d5a9e4bcf6509a7f39789f515ab8f92ddbcbd414d940e93' +
    '32c4ae2c1f1981195f9904466a39c9948fe30bbff2660be1715a4589334c74c7' +
    'bc3736a2f4f6779c59bdcee36b692153d0a9877cc62a474002df32e52139f0a0',
  'hex',
);

// Z is fixed per key and ID: a seal's Z is made once (a few seals per terminal)
const Z_CACHE_SIZE = 64;
const zCache = new Map<string, Buffer>();

/** Z = SM3(ENTL ‖ ID ‖ a ‖ b ‖ xG ‖ yG ‖ xA ‖ yA) for the key (04‖x‖y, 65 bytes); the ID as UTF-8. */
export function sm2Z(publicKey: Uint8Array, userId: string = DEFAULT_SM2_ID): Buffer {
  const key = `${hex(publicKey)}/${userId}`;
  let z = zCache.get(key);
  if (z) return z;
  const id = Buffer.from(userId, 'utf8');
  const entl = id.length * 8;
  z = createHash('sm3')
    .update(Buffer.from([(entl >> 8) & 0xff, entl & 0xff]))
    .update(id)
    .update(CURVE_BYTES)
    .update(publicKey.subarray(1))
    .digest();
  if (zCache.size >= Z_CACHE_SIZE) zCache.delete(zCache.keys().next().value!);
  zCache.set(key, z);
  return z;
}

/** e = SM3(Z ‖ M): what a GM key that leaves the hashing to the host signs. */
export function sm2Digest(message: Uint8Array, publicKey: Uint8Array, userId: string = DEFAULT_SM2_ID): Buffer {
  return sm2DigestOfZ(sm2Z(publicKey, userId), message);
}

/** e = SM3(Z ‖ M) for a caller that keeps its key's Z (a token signs with one key many times). */
export function sm2DigestOfZ(z: Uint8Array, message: Uint8Array): Buffer {
  // two updates, not a concatenated copy of M
  return createHash('sm3').update(z).update(message).digest();
}

/**
 * Whether `signature` (DER SM2Signature, or r‖s of 64 bytes) is the SM2 signature of `message` by
 * `publicKey` with `userId`; false, never a throw, for anything malformed.
 */
export function sm2Verify(message: Uint8Array, signature: Uint8Array, publicKey: Uint8Array, userId: string = DEFAULT_SM2_ID): boolean {
  try {
    if (publicKey.length !== 65 || publicKey[0] !== 0x04) return false;
    const raw = signature.length === 64 ? Buffer.from(signature) : rawOfDer(signature);
    if (!raw) return false;
    const r = bigint(raw.subarray(0, 32));
    const s = bigint(raw.subarray(32));
    if (r < 1n || r >= SM2_N || s < 1n || s >= SM2_N) return false;
    const t = (r + s) % SM2_N;
    if (t === 0n) return false;
    const key = publicKeyOf(publicKey);
    if (!key) return false;
    const e = bigint(sm2Digest(message, publicKey, userId));
    const x1 = sumX(s, t, key.point);
    return x1 !== undefined && (e + x1) % SM2_N === r;
  } catch {
    return false;
  }
}

/**
 * r‖s of a DER SM2Signature (SEQUENCE of two INTEGERs), read by hand: the ASN.1 library took
 * ~0.1 ms, a tenth of a verification. As before, the integers are read unsigned and must fit 32
 * bytes; nothing may follow them.
 */
function rawOfDer(der: Uint8Array): Buffer | undefined {
  if (der.length < 8 || der[0] !== 0x30 || der[1] !== der.length - 2) return undefined;
  const out = Buffer.alloc(64);
  let at = 2;
  for (const half of [0, 32]) {
    if (der[at] !== 0x02) return undefined;
    const length = der[at + 1]!;
    const start = at + 2;
    at = start + length;
    if (length < 1 || length > 33 || at > der.length) return undefined;
    let value = der.subarray(start, at);
    while (value.length > 32 && value[0] === 0) value = value.subarray(1);
    if (value.length > 32) return undefined;
    out.set(value, half + 32 - value.length);
  }
  return at === der.length ? out : undefined;
}

/**
 * Whether `signature` is r‖s (64 bytes) or exactly the DER SM2Signature of its r and s (minimal
 * lengths and integers): any other form of the same r and s would let one stamp take many forms.
 * By hand, as rawOfDer: through the ASN.1 library this took a twentieth of a verification.
 */
export function canonicalSm2Signature(signature: Uint8Array): boolean {
  if (signature.length === 64) return true;
  const raw = rawOfDer(signature);
  return raw !== undefined && derOfRaw(raw).equals(signature);
}

/** DER SM2Signature of r‖s: each half an unsigned INTEGER, leading zeros dropped, a zero added before a high bit. */
function derOfRaw(raw: Buffer): Buffer {
  const integer = (half: Buffer) => {
    let at = 0;
    while (at < half.length - 1 && half[at] === 0) at++;
    const value = half.subarray(at);
    return Buffer.concat([Buffer.from([0x02, value.length + (value[0]! >= 0x80 ? 1 : 0)]), value[0]! >= 0x80 ? Buffer.from([0]) : Buffer.alloc(0), value]);
  };
  const body = Buffer.concat([integer(raw.subarray(0, 32)), integer(raw.subarray(32))]);
  return Buffer.concat([Buffer.from([0x30, body.length]), body]);
}

/**
 * Public keys seen lately, checked on the curve once. A seal's key verifies again and again (every
 * document it stamped, every OFD's two signatures), so at its fourth use it gets a window table
 * (a few dozen verifications' worth to make, then each verification needs no doubling); a key's
 * first uses go without, so that one-off keys never pay for tables. Bounded (a table is ~1 MB),
 * least recently used out; noble keeps a table with its point, so it goes with the entry.
 */
type KnownKey = { point: Sm2Point; uses: number };
const KEY_CACHE_SIZE = 16;
const TABLE_AT_USE = 4;
const keyCache = new Map<string, KnownKey>();

function publicKeyOf(publicKey: Uint8Array): KnownKey | undefined {
  const id = hex(publicKey);
  let key = keyCache.get(id);
  if (key) {
    keyCache.delete(id);
  } else {
    // off the curve (or not below p) verifies nothing
    const point = sm2Point(publicKey);
    if (!point) return undefined;
    key = { point, uses: 0 };
    if (keyCache.size >= KEY_CACHE_SIZE) keyCache.delete(keyCache.keys().next().value!);
  }
  keyCache.set(id, key);
  key.uses++;
  if (key.uses === TABLE_AT_USE) withTable(key.point);
  return key;
}
