import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { hexToBytes, type Hex } from 'viem';
import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';
import { openBase, x25519PublicOf } from './hpke.js';
import type { LicenceCode } from './licence-code.js';

/** What the chain says about a record besides its bytes; all of it is bound into the encryption. */
export interface LicenceBinding {
  licenceId: Hex;
  organisation: Hex;
  sealId: Hex;
  documentHash: Hex;
}

/** What opens a record: the holder's code, or this terminal's copies of the holder's keys (on the token's word). */
export type LicenceKey = { kind: 'code'; code: LicenceCode } | { kind: 'terminal'; recordRoot?: Buffer; v1SecretKey?: Buffer };

const CHECK = 16;
const IV = 12;
const TAG = 16;
const WRAP = IV + 32 + TAG;

const bytes32 = (hex: Hex): Buffer => {
  const out = Buffer.from(hexToBytes(hex));
  if (out.length !== 32) throw new SealdeskError('INTERNAL', { reason: 'licence binding is not bytes32' });
  return out;
};
const bindingBytes = (label: Buffer, b: LicenceBinding): Buffer => Buffer.concat([label, bytes32(b.licenceId), bytes32(b.organisation), bytes32(b.sealId), bytes32(b.documentHash)]);
const mismatch = (licence: string) => new SealdeskError('LICENCE_KEY_MISMATCH', { licence });
const tampered = (licence: string, cause?: unknown) => new SealdeskError('LICENCE_TAMPERED', { licence, reason: 'authentication tag', reasonZh: '认证标签校验未通过' }, cause ? { cause } : {});

function gcmSeal(key: Buffer, plaintext: Buffer, aad: Buffer): Buffer {
  const iv = randomBytes(IV);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG });
  cipher.setAAD(aad);
  return Buffer.concat([iv, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
}

function gcmOpen(key: Buffer, sealed: Buffer, aad: Buffer): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, IV), { authTagLength: TAG });
  decipher.setAAD(aad);
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG));
  return Buffer.concat([decipher.update(sealed.subarray(IV, sealed.length - TAG)), decipher.final()]);
}

// ---------------------------------------------------------------------------------------------
// Version 2: one record, one code
// ---------------------------------------------------------------------------------------------

/**
 * Version 2, suite 2 (HKDF-SHA256, AES-256-GCM). The record is encrypted under a random content
 * key, wrapped twice:
 *  - for the code: under HKDF(record secret, licence id). The record secret is random, made at
 *    issue and handed to the holder in the code, kept by no one: the code opens this record and
 *    no other, and not even the issuing terminal can make the code again (it could if the code's
 *    key were derived from anything it keeps).
 *  - for the terminal: under the record key HKDF(holder key, licence id), the holder key being the
 *    terminal's copy (SubjectKeys). It reads the holder's records while the copy exists (`licence
 *    show --licence`), and shredding the copy ends that; a leaked record key opens one record.
 * Each wrap has a 16-byte HMAC check under its key, so a wrong key reads LICENCE_KEY_MISMATCH and
 * changed bytes LICENCE_TAMPERED; keyed per record, the checks link no two records of a holder.
 *
 * bytes: 2 ‖ 2 ‖ code check 16 ‖ record check 16 ‖ code wrap 60 ‖ record wrap 60 ‖ iv 12 ‖ ciphertext ‖ tag 16
 */
const V2 = 2;
const SUITE_2 = 2;
const V2_HEADER = 2 + CHECK + CHECK;
const V2_BODY = V2_HEADER + WRAP + WRAP;
const V2_INFO = Buffer.from('sealdesk/licence/v2');

const derive = (ikm: Buffer, salt: string, licenceId: Hex): Buffer => Buffer.from(hkdfSync('sha256', ikm, Buffer.from(salt), bytes32(licenceId), 32));
/** The code's key: from the record secret only the code carries. */
export const codeKey = (recordSecret: Buffer, licenceId: Hex): Buffer => derive(recordSecret, 'sealdesk/licence-code/v2', licenceId);
/** The terminal's per-record key: from its copy of the holder key and the record id. */
export const recordKey = (holderKey: Buffer, licenceId: Hex): Buffer => derive(holderKey, 'sealdesk/licence-record/v2', licenceId);
const check = (key: Buffer, licenceId: Hex): Buffer => createHmac('sha256', key).update(Buffer.concat([Buffer.from('sealdesk/licence-key-check/v2'), bytes32(licenceId)])).digest().subarray(0, CHECK);

/** Seals a record for its holder: the envelope for the chain, and the record secret for the code (shown once, kept nowhere). */
export function sealLicence(holderKey: Buffer, plaintext: Buffer, binding: LicenceBinding): { envelope: Buffer; recordSecret: Buffer } {
  const recordSecret = randomBytes(32);
  const contentKey = randomBytes(32);
  const forCode = codeKey(recordSecret, binding.licenceId);
  const forTerminal = recordKey(holderKey, binding.licenceId);
  const header = Buffer.concat([Buffer.from([V2, SUITE_2]), check(forCode, binding.licenceId), check(forTerminal, binding.licenceId)]);
  const info = bindingBytes(V2_INFO, binding);
  const wraps = Buffer.concat([gcmSeal(forCode, contentKey, Buffer.concat([info, header, Buffer.from('code')])), gcmSeal(forTerminal, contentKey, Buffer.concat([info, header, Buffer.from('terminal')]))]);
  const body = Buffer.concat([header, wraps]);
  return { envelope: Buffer.concat([body, gcmSeal(contentKey, plaintext, Buffer.concat([info, body]))]), recordSecret };
}

function openV2(key: LicenceKey, envelope: Buffer, binding: LicenceBinding, licence: string): Buffer {
  if (envelope.length < V2_BODY + IV + TAG || envelope[1] !== SUITE_2) throw new SealdeskError('LICENCE_TAMPERED', { licence, reason: 'not a version 2 envelope', reasonZh: '不是第 2 版加密封装' });
  const header = envelope.subarray(0, V2_HEADER);
  let wrapKey: Buffer;
  let wrap: Buffer;
  let label: string;
  if (key.kind === 'code') {
    if (key.code.version !== 2) throw mismatch(licence);
    wrapKey = codeKey(key.code.secret, binding.licenceId);
    if (!timingSafeEqual(header.subarray(2, 2 + CHECK), check(wrapKey, binding.licenceId))) throw mismatch(licence);
    [wrap, label] = [envelope.subarray(V2_HEADER, V2_HEADER + WRAP), 'code'];
  } else {
    if (!key.recordRoot) throw mismatch(licence);
    wrapKey = recordKey(key.recordRoot, binding.licenceId);
    if (!timingSafeEqual(header.subarray(2 + CHECK, V2_HEADER), check(wrapKey, binding.licenceId))) throw mismatch(licence);
    [wrap, label] = [envelope.subarray(V2_HEADER + WRAP, V2_BODY), 'terminal'];
  }
  const info = bindingBytes(V2_INFO, binding);
  try {
    const contentKey = gcmOpen(wrapKey, wrap, Buffer.concat([info, header, Buffer.from(label)]));
    return gcmOpen(contentKey, envelope.subarray(V2_BODY), Buffer.concat([info, envelope.subarray(0, V2_BODY)]));
  } catch (error) {
    throw tampered(licence, error);
  }
}

// ---------------------------------------------------------------------------------------------
// Version 1 (read only): HPKE to the holder's X25519 key, which SDL1 codes carried
// ---------------------------------------------------------------------------------------------

/**
 * Records published before version 2 stay readable as they were: with their SDL1 code, or on the
 * terminal with its copy of the holder's X25519 key (until shredded). Nothing seals version 1 any
 * more: version 1 bytes are 1 ‖ 1 ‖ key check 16 ‖ HPKE enc 32 ‖ ciphertext ‖ tag.
 */
const V1 = 1;
const V1_HEADER = 2 + CHECK;
const V1_INFO = Buffer.from('sealdesk/licence/v1');
const v1Check = (publicKey: Buffer, licenceId: Hex): Buffer => createHmac('sha256', publicKey).update(Buffer.concat([Buffer.from('sealdesk/licence-key-check/v1'), bytes32(licenceId)])).digest().subarray(0, CHECK);

function openV1(key: LicenceKey, envelope: Buffer, binding: LicenceBinding, licence: string): Buffer {
  if (envelope.length < V1_HEADER + 32 + TAG || envelope[1] !== 1) throw new SealdeskError('LICENCE_TAMPERED', { licence, reason: 'not a version 1 envelope', reasonZh: '不是第 1 版加密封装' });
  const secretKey = key.kind === 'code' ? (key.code.version === 1 ? key.code.secret : undefined) : key.v1SecretKey;
  if (!secretKey) throw mismatch(licence);
  const header = envelope.subarray(0, V1_HEADER);
  if (!timingSafeEqual(header.subarray(2), v1Check(x25519PublicOf(secretKey), binding.licenceId))) throw mismatch(licence);
  try {
    return openBase(secretKey, envelope.subarray(V1_HEADER, V1_HEADER + 32), envelope.subarray(V1_HEADER + 32), { aead: 'aes-256-gcm', info: bindingBytes(V1_INFO, binding), aad: header });
  } catch (error) {
    throw tampered(licence, error);
  }
}

/**
 * Decrypts a record: LICENCE_KEY_MISMATCH when the key is not one the record was sealed for (an
 * SDL1 code on a version 2 record among them), LICENCE_TAMPERED when the bytes or their chain
 * binding changed.
 */
export function openLicence(key: LicenceKey, envelope: Buffer, binding: LicenceBinding, licence: string): Buffer {
  if (envelope[0] === V2) return openV2(key, envelope, binding, licence);
  if (envelope[0] === V1) return openV1(key, envelope, binding, licence);
  throw new SealdeskError('LICENCE_TAMPERED', { licence, reason: 'unknown envelope version', reasonZh: '未知的加密封装版本' });
}
