import { createHash } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Integer } from 'asn1js';
import { Certificate } from '@peculiar/asn1-x509';
import { X509Certificate } from '@peculiar/x509';
import { CertificateType, ObjectClass, type Session, type SessionObject } from 'graphene-pk11';
import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';
import type { KeyObjects } from './key-objects.js';
import { fromPem } from './pem.js';

export interface CertificateDescription {
  label: string;
  /** CKA_ID, hex: the same as its key's. */
  id: string;
  subject: string;
  issuer: string;
  serialNumber: string;
  notBefore: string;
  notAfter: string;
  /** SHA-256 of the DER, hex: what seal events record as the signer certificate hash. */
  sha256: string;
  der: Buffer;
}

export function parseCertificate(input: Buffer): { der: Buffer; certificate: X509Certificate } {
  const der = fromPem(input, 'CERTIFICATE');
  try {
    return { der, certificate: new X509Certificate(der) };
  } catch (error) {
    throw new SealdeskError('CERT_INVALID', { reason: (error as Error).message }, { cause: error });
  }
}

export function describeCertificate(der: Buffer, label: string, id: Buffer): CertificateDescription {
  const cert = new X509Certificate(der);
  return {
    label,
    id: id.toString('hex'),
    subject: cert.subject,
    issuer: cert.issuer,
    serialNumber: cert.serialNumber,
    notBefore: cert.notBefore.toISOString(),
    notAfter: cert.notAfter.toISOString(),
    sha256: createHash('sha256').update(der).digest('hex'),
    der,
  };
}

/**
 * Stores an X.509 certificate on the token beside its key: same CKA_ID and label, with
 * CKA_SUBJECT / CKA_ISSUER / CKA_SERIAL_NUMBER as PKCS#11 asks, so other PKCS#11 software
 * (pkcs11-tool, browsers, p11-kit) finds key and certificate as one identity.
 */
export function storeCertificate(session: Session, der: Buffer, key: KeyObjects): SessionObject {
  const asn = AsnConvert.parse(der, Certificate);
  const tbs = asn.tbsCertificate;
  return session.create({
    class: ObjectClass.CERTIFICATE,
    certType: CertificateType.X_509,
    token: true,
    private: false,
    modifiable: true,
    label: key.label,
    id: key.id,
    subject: Buffer.from(AsnConvert.serialize(tbs.subject)),
    issuer: Buffer.from(AsnConvert.serialize(tbs.issuer)),
    serial: Buffer.from(new Integer({ valueHex: tbs.serialNumber }).toBER()),
    value: der,
  });
}

export function readCertificateValue(object: SessionObject): Buffer {
  return (object.getAttribute({ value: null }) as { value: Buffer }).value;
}
