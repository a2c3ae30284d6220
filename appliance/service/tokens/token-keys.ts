import type { Token } from '../../../drivers/pkcs11/token.js';
import type { KeyList } from './token-admin-schemas.js';

/**
 * A token's key pairs and certificates as the admin page lists them: no key material, no DER.
 * Logged out, only public objects are visible (a key pair shows by its public key).
 */
export async function tokenKeys(token: Token): Promise<KeyList> {
  const keys = await token.keys();
  const certificates = await token.certificates();
  return {
    serial: token.serial,
    label: token.label,
    loggedIn: token.isLoggedIn,
    keys: keys.map((k) => ({ label: k.label, id: k.id, type: k.type, bits: k.bits, hasPrivateKey: k.hasPrivateKey, hasPublicKey: k.hasPublicKey, hasCertificate: k.hasCertificate })),
    certificates: certificates.map((c) => ({ label: c.label, id: c.id, subject: c.subject, issuer: c.issuer, serialNumber: c.serialNumber, notAfter: c.notAfter })),
  };
}
