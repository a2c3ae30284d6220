import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate, Extensions, type Extension, type Name, SubjectPublicKeyInfo, TBSCertificate, Validity, Version } from '@peculiar/asn1-x509';
import { signatureAlgorithmIdentifier } from '../../drivers/pkcs11/algorithm-identifiers.js';
import type { SealSigner } from '../../drivers/pkcs11/seal-signer.js';

export interface CertificateTemplate {
  serialNumber: Buffer;
  issuer: Name;
  subject: Name;
  /** SubjectPublicKeyInfo DER of the key being certified. */
  spki: Buffer;
  notBefore: Date;
  notAfter: Date;
  extensions: Extension[];
}

/** An X.509 v3 certificate: TBSCertificate serialised, signed by the issuer's token key in its algorithm, wrapped. */
export async function buildCertificate(template: CertificateTemplate, signer: SealSigner): Promise<Buffer> {
  const algorithm = signatureAlgorithmIdentifier(signer.algorithm);
  const tbs = new TBSCertificate({
    version: Version.v3,
    serialNumber: new Uint8Array(template.serialNumber).buffer,
    signature: algorithm,
    issuer: template.issuer,
    validity: new Validity({ notBefore: template.notBefore, notAfter: template.notAfter }),
    subject: template.subject,
    subjectPublicKeyInfo: AsnConvert.parse(template.spki, SubjectPublicKeyInfo),
    extensions: new Extensions(template.extensions),
  });
  const toBeSigned = Buffer.from(AsnConvert.serialize(tbs));
  const signature = await signer.sign(toBeSigned);
  const certificate = new Certificate({ tbsCertificate: tbs, signatureAlgorithm: algorithm, signatureValue: new Uint8Array(signature).buffer });
  return Buffer.from(AsnConvert.serialize(certificate));
}
