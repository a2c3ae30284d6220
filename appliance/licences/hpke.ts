import { createCipheriv, createDecipheriv, createHmac, createPrivateKey, createPublicKey, diffieHellman, generateKeyPairSync, type KeyObject } from 'node:crypto';

/**
 * HPKE (RFC 9180), base mode, single shot, with DHKEM(X25519, HKDF-SHA256) and HKDF-SHA256: the
 * construction as the RFC writes it, over node:crypto's X25519, HMAC-SHA256 and AES-GCM (OpenSSL).
 * No primitive is ours; the key schedule is checked against the RFC's appendix A.1 vectors.
 * Node 20 has no HPKE of its own, and a package would be one more dependency for ~60 lines.
 */
export type HpkeAead = 'aes-128-gcm' | 'aes-256-gcm';

const KEM_ID = 0x0020; // DHKEM(X25519, HKDF-SHA256)
const KDF_ID = 0x0001; // HKDF-SHA256
const AEAD: Record<HpkeAead, { id: number; nk: number }> = { 'aes-128-gcm': { id: 0x0001, nk: 16 }, 'aes-256-gcm': { id: 0x0002, nk: 32 } };
const NN = 12;
const TAG = 16;
const X25519_PKCS8 = Buffer.from('302e020100300506032b656e04220420', 'hex');
const X25519_SPKI = Buffer.from('302a300506032b656e032100', 'hex');

const i2osp = (n: number, length: number): Buffer => {
  const out = Buffer.alloc(length);
  out.writeUIntBE(n, 0, length);
  return out;
};

const extract = (salt: Buffer, ikm: Buffer): Buffer => createHmac('sha256', salt).update(ikm).digest();

/** HKDF-Expand (RFC 5869) for L ≤ 255·32. */
function expand(prk: Buffer, info: Buffer, length: number): Buffer {
  const blocks: Buffer[] = [];
  let previous = Buffer.alloc(0);
  for (let i = 1; Buffer.concat(blocks).length < length; i++) {
    previous = createHmac('sha256', prk).update(Buffer.concat([previous, info, Buffer.from([i])])).digest();
    blocks.push(previous);
  }
  return Buffer.concat(blocks).subarray(0, length);
}

const labeledExtract = (suiteId: Buffer, salt: Buffer, label: string, ikm: Buffer) => extract(salt, Buffer.concat([Buffer.from('HPKE-v1'), suiteId, Buffer.from(label), ikm]));
const labeledExpand = (suiteId: Buffer, prk: Buffer, label: string, info: Buffer, length: number) =>
  expand(prk, Buffer.concat([i2osp(length, 2), Buffer.from('HPKE-v1'), suiteId, Buffer.from(label), info]), length);

const KEM_SUITE = Buffer.concat([Buffer.from('KEM'), i2osp(KEM_ID, 2)]);
const hpkeSuite = (aead: HpkeAead) => Buffer.concat([Buffer.from('HPKE'), i2osp(KEM_ID, 2), i2osp(KDF_ID, 2), i2osp(AEAD[aead].id, 2)]);

export const x25519PrivateKey = (raw: Buffer): KeyObject => createPrivateKey({ key: Buffer.concat([X25519_PKCS8, raw]), format: 'der', type: 'pkcs8' });
export const x25519PublicKey = (raw: Buffer): KeyObject => createPublicKey({ key: Buffer.concat([X25519_SPKI, raw]), format: 'der', type: 'spki' });
const rawPublic = (key: KeyObject): Buffer => key.export({ format: 'der', type: 'spki' }).subarray(X25519_SPKI.length);
const rawPrivate = (key: KeyObject): Buffer => key.export({ format: 'der', type: 'pkcs8' }).subarray(X25519_PKCS8.length);

export interface X25519KeyPair {
  /** 32 raw bytes (RFC 7748). */
  secretKey: Buffer;
  publicKey: Buffer;
}

export function generateX25519(): X25519KeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('x25519');
  return { secretKey: rawPrivate(privateKey), publicKey: rawPublic(publicKey) };
}

/** The public key of a raw X25519 secret key. */
export function x25519PublicOf(secretKey: Buffer): Buffer {
  return rawPublic(createPublicKey(x25519PrivateKey(secretKey)));
}

function sharedSecret(dh: Buffer, enc: Buffer, pkR: Buffer): Buffer {
  const eaePrk = labeledExtract(KEM_SUITE, Buffer.alloc(0), 'eae_prk', dh);
  return labeledExpand(KEM_SUITE, eaePrk, 'shared_secret', Buffer.concat([enc, pkR]), 32);
}

/** KeySchedule in mode_base (no PSK): the AEAD key and base nonce. */
export function keySchedule(aead: HpkeAead, shared: Buffer, info: Buffer): { key: Buffer; baseNonce: Buffer } {
  const suite = hpkeSuite(aead);
  const pskIdHash = labeledExtract(suite, Buffer.alloc(0), 'psk_id_hash', Buffer.alloc(0));
  const infoHash = labeledExtract(suite, Buffer.alloc(0), 'info_hash', info);
  const context = Buffer.concat([Buffer.from([0x00]), pskIdHash, infoHash]);
  const secret = labeledExtract(suite, shared, 'secret', Buffer.alloc(0));
  return { key: labeledExpand(suite, secret, 'key', context, AEAD[aead].nk), baseNonce: labeledExpand(suite, secret, 'base_nonce', context, NN) };
}

export interface SealOptions {
  aead: HpkeAead;
  info: Buffer;
  aad: Buffer;
  /** Only for known-answer tests: a fixed ephemeral secret key. */
  ephemeralSecretKey?: Buffer;
}

/** SealBase: `enc` (the ephemeral public key) and ciphertext ‖ tag, sequence number 0. */
export function sealBase(recipientPublicKey: Buffer, plaintext: Buffer, options: SealOptions): { enc: Buffer; ciphertext: Buffer; sharedSecret: Buffer } {
  const ephemeral = options.ephemeralSecretKey ? x25519PrivateKey(options.ephemeralSecretKey) : generateKeyPairSync('x25519').privateKey;
  const enc = rawPublic(createPublicKey(ephemeral));
  const dh = diffieHellman({ privateKey: ephemeral, publicKey: x25519PublicKey(recipientPublicKey) });
  const shared = sharedSecret(dh, enc, recipientPublicKey);
  const { key, baseNonce } = keySchedule(options.aead, shared, options.info);
  const cipher = createCipheriv(options.aead, key, baseNonce, { authTagLength: TAG });
  cipher.setAAD(options.aad);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  return { enc, ciphertext, sharedSecret: shared };
}

/** OpenBase; throws (OpenSSL's "Unsupported state or unable to authenticate data") when the tag does not verify. */
export function openBase(recipientSecretKey: Buffer, enc: Buffer, ciphertext: Buffer, options: Omit<SealOptions, 'ephemeralSecretKey'>): Buffer {
  if (enc.length !== 32 || ciphertext.length < TAG) throw new Error('HPKE: malformed enc or ciphertext');
  const dh = diffieHellman({ privateKey: x25519PrivateKey(recipientSecretKey), publicKey: x25519PublicKey(enc) });
  const shared = sharedSecret(dh, enc, x25519PublicOf(recipientSecretKey));
  const { key, baseNonce } = keySchedule(options.aead, shared, options.info);
  const decipher = createDecipheriv(options.aead, key, baseNonce, { authTagLength: TAG });
  decipher.setAAD(options.aad);
  decipher.setAuthTag(ciphertext.subarray(ciphertext.length - TAG));
  return Buffer.concat([decipher.update(ciphertext.subarray(0, ciphertext.length - TAG)), decipher.final()]);
}
