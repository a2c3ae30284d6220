import { randomBytes } from 'node:crypto';

/**
 * A certificate serial: 16 random bytes (CA/B Forum asks for 64 bits of entropy), high bit
 * cleared so the INTEGER stays positive and within RFC 5280's 20 octets, first byte non-zero so
 * the DER has no leading zero to trim.
 */
export function newSerialNumber(): Buffer {
  const serial = randomBytes(16);
  serial[0] = ((serial[0] as number) & 0x7f) | 0x01;
  return serial;
}
