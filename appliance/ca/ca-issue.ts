import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';
import { X509Certificate } from '@peculiar/x509';
import type { Token } from '../../drivers/pkcs11/token.js';
import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';
import { parseUscc } from '../directory/uscc.js';
import { buildCertificate } from './build-certificate.js';
import { loadCa, recordIssued } from './ca-store.js';
import {
  authorityKeyIdentifier,
  crlDistributionPoint,
  documentSigningEku,
  endEntityBasicConstraints,
  sealKeyUsage,
  subjectKeyIdentifier,
} from './extensions.js';
import { sealSubject } from './names.js';
import { newSerialNumber } from './serial.js';
import { tokenSigner } from '../../drivers/pkcs11/seal-signer.js';

export interface SealCertificateRequest {
  /** SubjectPublicKeyInfo DER of the seal key (from its token, or from a verified CSR). */
  spki: Buffer;
  organisation: string;
  uscc: string;
  sealName: string;
  /** Extended key usage: none (the default) or id-kp-documentSigning. */
  eku?: 'none' | 'documentSigning';
  days?: number;
}

/** The token that holds the CA key, checked against what `ca init` recorded. */
export function caToken(home: string, find: (serial: string) => Token): Token {
  const { state } = loadCa(home);
  const token = find(state.token.serial);
  if (token.serial !== state.token.serial) throw new SealdeskError('TOKEN_NOT_PRESENT', { token: state.token.label });
  return token;
}

/**
 * Issues a seal certificate signed by the dev CA key on `token` (logged in). Its validity ends
 * no later than the root's: a certificate outliving its issuer would fail every path check.
 */
export async function issueSealCertificate(home: string, token: Token, request: SealCertificateRequest, now = new Date()): Promise<Buffer> {
  const { state, root } = loadCa(home);
  if (token.serial !== state.token.serial) throw new SealdeskError('TOKEN_NOT_PRESENT', { token: state.token.label });
  const uscc = parseUscc(request.uscc).code;
  if (!request.organisation.trim() || !request.sealName.trim()) throw new SealdeskError('INPUT_INVALID', { reason: 'organisation and seal name are required', reasonZh: '须填写单位名称和印章名称' });
  const rootCert = AsnConvert.parse(root, Certificate);
  const rootNotAfter = new X509Certificate(root).notAfter;
  const notBefore = new Date(now.getTime() - 60_000);
  const wanted = new Date(now.getTime() + (request.days ?? 3 * 365) * 86_400_000);
  const notAfter = wanted < rootNotAfter ? wanted : rootNotAfter;
  const serialNumber = newSerialNumber();
  const extensions = [
    endEntityBasicConstraints(),
    sealKeyUsage(),
    subjectKeyIdentifier(request.spki),
    authorityKeyIdentifier(Buffer.from(state.keyId, 'hex')),
    crlDistributionPoint(state.crlUrl),
  ];
  if (request.eku === 'documentSigning') extensions.push(documentSigningEku());
  const der = await buildCertificate(
    {
      serialNumber,
      issuer: rootCert.tbsCertificate.subject,
      subject: sealSubject(request.organisation.trim(), uscc, request.sealName.trim()),
      spki: request.spki,
      notBefore,
      notAfter,
      extensions,
    },
    await tokenSigner(token, state.keyLabel),
  );
  const issued = new X509Certificate(der);
  recordIssued(home, { serial: issued.serialNumber.toLowerCase(), subject: issued.subject, notAfter: notAfter.toISOString(), issuedAt: now.toISOString() });
  return der;
}
