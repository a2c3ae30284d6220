import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';
import { UUID7_PATTERN } from '../ledger/outbox/uuid7.js';

/**
 * The licence code (证照码) printed as a QR code: `SDL1.<licence id>.<holder key>`, both base64url
 * (the 16 bytes of the UUIDv7, the 32-byte X25519 secret key of the holder): 71 characters.
 * Whoever holds the code can read the record from any node; it is the holder's copy of the key.
 */
export const LICENCE_CODE_PREFIX = 'SDL1';
const CODE = /^SDL1\.([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/;

export interface LicenceCode {
  licenceId: string;
  secretKey: Buffer;
}

const uuidBytes = (uuid: string): Buffer => Buffer.from(uuid.replace(/-/g, ''), 'hex');
const uuidText = (bytes: Buffer): string => {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};

export function formatLicenceCode(code: LicenceCode): string {
  if (!UUID7_PATTERN.test(code.licenceId) || code.secretKey.length !== 32) throw new SealdeskError('INTERNAL', { reason: 'licence code parts' });
  return `${LICENCE_CODE_PREFIX}.${uuidBytes(code.licenceId).toString('base64url')}.${code.secretKey.toString('base64url')}`;
}

/** Parses a scanned code (surrounding blanks ignored); LICENCE_CODE_INVALID otherwise, never echoing the key. */
export function parseLicenceCode(text: string): LicenceCode {
  const match = CODE.exec(text.trim());
  const id = match ? Buffer.from(match[1]!, 'base64url') : undefined;
  const key = match ? Buffer.from(match[2]!, 'base64url') : undefined;
  if (!id || !key || id.length !== 16 || key.length !== 32) throw new SealdeskError('LICENCE_CODE_INVALID');
  const licenceId = uuidText(id);
  if (!UUID7_PATTERN.test(licenceId)) throw new SealdeskError('LICENCE_CODE_INVALID');
  // base64url has spare bits in its last character: only the canonical spelling is accepted
  if (formatLicenceCode({ licenceId, secretKey: key }) !== text.trim()) throw new SealdeskError('LICENCE_CODE_INVALID');
  return { licenceId, secretKey: key };
}
