import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';
import { UUID7_PATTERN } from '../ledger/outbox/uuid7.js';

/**
 * The licence code (证照码) printed as a QR code: `SDL2.<licence id>.<record secret>`, both
 * base64url (the 16 bytes of the UUIDv7, 32 random bytes made for this one record at issue and
 * kept by no one but the holder): 71 characters. Whoever holds the code reads that record, and no
 * other, from any node.
 *
 * `SDL1.<licence id>.<holder key>` is the old form: it carried the holder's X25519 secret key,
 * which opens every version-1 record of that holder. Codes already handed out keep reading their
 * version-1 records; nothing issues them any more, and no version-2 record opens with one.
 */
export const LICENCE_CODE_PREFIX = 'SDL2';
const CODE = /^(SDL[12])\.([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/;

export interface LicenceCode {
  licenceId: string;
  /** SDL2: the record secret; SDL1: the holder's X25519 secret key (version-1 records only). */
  secret: Buffer;
  version: 1 | 2;
}

const uuidBytes = (uuid: string): Buffer => Buffer.from(uuid.replace(/-/g, ''), 'hex');
const uuidText = (bytes: Buffer): string => {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};

export function formatLicenceCode(code: LicenceCode): string {
  if (!UUID7_PATTERN.test(code.licenceId) || code.secret.length !== 32) throw new SealdeskError('INTERNAL', { reason: 'licence code parts' });
  return `SDL${code.version}.${uuidBytes(code.licenceId).toString('base64url')}.${code.secret.toString('base64url')}`;
}

/** Parses a scanned code (surrounding blanks ignored); LICENCE_CODE_INVALID otherwise, never echoing the secret. */
export function parseLicenceCode(text: string): LicenceCode {
  const match = CODE.exec(text.trim());
  const id = match ? Buffer.from(match[2]!, 'base64url') : undefined;
  const secret = match ? Buffer.from(match[3]!, 'base64url') : undefined;
  if (!match || !id || !secret || id.length !== 16 || secret.length !== 32) throw new SealdeskError('LICENCE_CODE_INVALID');
  const licenceId = uuidText(id);
  if (!UUID7_PATTERN.test(licenceId)) throw new SealdeskError('LICENCE_CODE_INVALID');
  const version = match[1] === 'SDL1' ? 1 : 2;
  // base64url has spare bits in its last character: only the canonical spelling is accepted
  if (formatLicenceCode({ licenceId, secret, version }) !== text.trim()) throw new SealdeskError('LICENCE_CODE_INVALID');
  return { licenceId, secret, version };
}
