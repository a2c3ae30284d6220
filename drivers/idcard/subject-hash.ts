import { createHmac } from 'node:crypto';
import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';
import type { IdNumber } from './id-number.js';

/**
 * The only form of an ID number that may leave the caller (seal events, audit, chain): HMAC-SHA256
 * keyed with the terminal's salt, hex. Without the salt the 18-digit space is small enough to
 * brute-force a plain hash, hence the key.
 */
export function subjectHash(idNumber: IdNumber | string, salt: string | Uint8Array): string {
  const key = typeof salt === 'string' ? Buffer.from(salt, 'utf8') : salt;
  if (key.length < 16) throw new SealdeskError('CONFIG_INVALID', { reason: 'subject hash salt must be at least 16 bytes', reasonZh: '持证人标识哈希的盐值至少须为 16 字节' });
  const value = typeof idNumber === 'string' ? idNumber.trim().toUpperCase() : idNumber.reveal();
  return createHmac('sha256', key).update(value, 'utf8').digest('hex');
}
