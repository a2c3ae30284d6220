import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';
import { X509Certificate } from '@peculiar/x509';
import type { Token } from '../../drivers/pkcs11/token.js';
import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';
import { buildCrl, type RevokedEntry } from './build-crl.js';
import { caPaths, loadCa, saveCa, writeDurably } from './ca-store.js';
import { tokenSigner } from '../../drivers/pkcs11/seal-signer.js';

/** What a CRL needs of a seal (a seals/seal.ts Seal fits): ca sits below seals, so it names no Seal. */
export interface CertifiedSeal {
  status: string;
  certificateIssuer: string;
  certificateSerial: string;
  statusChangedAt: string;
}

/**
 * The CRL entries for the seals this CA certified: revoked seals for good, suspended seals as
 * certificateHold (they may be resumed, and then leave the next CRL).
 */
export function revokedEntries(seals: readonly CertifiedSeal[], root: Buffer): RevokedEntry[] {
  const issuer = new X509Certificate(root).subject;
  return seals
    .filter((s) => s.status !== 'active' && s.certificateIssuer === issuer)
    .map((s) => ({ serialNumber: Buffer.from(s.certificateSerial, 'hex'), revokedAt: new Date(s.statusChangedAt), hold: s.status === 'suspended' }));
}

/** Signs the next CRL on the CA token and writes it to $SEALDESK_HOME/ca/seal-ca.crl (DER). */
export async function issueCrl(home: string, token: Token, seals: readonly CertifiedSeal[], options: { days?: number } = {}, now = new Date()): Promise<Buffer> {
  const { state, root } = loadCa(home);
  if (token.serial !== state.token.serial) throw new SealdeskError('TOKEN_NOT_PRESENT', { token: state.token.label });
  const crlNumber = state.crlNumber + 1;
  const der = await buildCrl(
    {
      issuer: AsnConvert.parse(root, Certificate).tbsCertificate.subject,
      issuerKeyId: Buffer.from(state.keyId, 'hex'),
      crlNumber,
      thisUpdate: now,
      nextUpdate: new Date(now.getTime() + (options.days ?? 7) * 86_400_000),
      revoked: revokedEntries(seals, root),
    },
    await tokenSigner(token, state.keyLabel),
  );
  writeDurably(caPaths(home).crl, der);
  saveCa(home, { ...state, crlNumber });
  return der;
}
