import { createHmac, timingSafeEqual } from 'node:crypto';
import { hexToBytes, type Hex } from 'viem';
import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';
import { openBase, sealBase, x25519PublicOf } from './hpke.js';

/** What the chain says about a record besides its bytes; all of it is bound into the encryption. */
export interface LicenceBinding {
  licenceId: Hex;
  organisation: Hex;
  sealId: Hex;
  documentHash: Hex;
}

/**
 * The bytes on chain: version 1, suite 1 (HPKE X25519 / HKDF-SHA256 / AES-256-GCM), a 16-byte key
 * check, HPKE's enc (32), then ciphertext ‖ tag. The key check is HMAC-SHA256 under the holder's
 * public key of the licence id: it tells "not this holder's key" from "bytes changed", and,
 * differing per licence and keyed by a key nobody publishes, it links no two records of a holder.
 */
const VERSION = 1;
const SUITE = 1;
const CHECK = 16;
const HEADER = 2 + CHECK;
const ENC = 32;
const INFO_LABEL = Buffer.from('sealdesk/licence/v1');
const CHECK_LABEL = Buffer.from('sealdesk/licence-key-check/v1');

const bytes32 = (hex: Hex): Buffer => {
  const out = Buffer.from(hexToBytes(hex));
  if (out.length !== 32) throw new SealdeskError('INTERNAL', { reason: 'licence binding is not bytes32' });
  return out;
};
const info = (b: LicenceBinding): Buffer => Buffer.concat([INFO_LABEL, bytes32(b.licenceId), bytes32(b.organisation), bytes32(b.sealId), bytes32(b.documentHash)]);
const keyCheck = (publicKey: Buffer, licenceId: Hex): Buffer => createHmac('sha256', publicKey).update(Buffer.concat([CHECK_LABEL, bytes32(licenceId)])).digest().subarray(0, CHECK);

export function sealLicence(holderPublicKey: Buffer, plaintext: Buffer, binding: LicenceBinding): Buffer {
  const header = Buffer.concat([Buffer.from([VERSION, SUITE]), keyCheck(holderPublicKey, binding.licenceId)]);
  const { enc, ciphertext } = sealBase(holderPublicKey, plaintext, { aead: 'aes-256-gcm', info: info(binding), aad: header });
  return Buffer.concat([header, enc, ciphertext]);
}

/**
 * Decrypts with the holder's secret key: LICENCE_KEY_MISMATCH when the key is not the one the
 * record was sealed to, LICENCE_TAMPERED when the bytes or their chain binding changed.
 */
export function openLicence(holderSecretKey: Buffer, envelope: Buffer, binding: LicenceBinding, licence: string): Buffer {
  if (envelope.length < HEADER + ENC + 16 || envelope[0] !== VERSION || envelope[1] !== SUITE) {
    throw new SealdeskError('LICENCE_TAMPERED', { licence, reason: 'not a version 1 envelope', reasonZh: '不是第 1 版加密封装' });
  }
  const header = envelope.subarray(0, HEADER);
  if (!timingSafeEqual(header.subarray(2), keyCheck(x25519PublicOf(holderSecretKey), binding.licenceId))) {
    throw new SealdeskError('LICENCE_KEY_MISMATCH', { licence });
  }
  try {
    return openBase(holderSecretKey, envelope.subarray(HEADER, HEADER + ENC), envelope.subarray(HEADER + ENC), { aead: 'aes-256-gcm', info: info(binding), aad: header });
  } catch (error) {
    throw new SealdeskError('LICENCE_TAMPERED', { licence, reason: 'authentication tag', reasonZh: '认证标签校验未通过' }, { cause: error });
  }
}
