import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate, Extensions, type Extension, type Name, SubjectPublicKeyInfo, TBSCertificate, Validity, Version } from '@peculiar/asn1-x509';
import { signatureAlgorithm } from '../../drivers/pkcs11/signature-algorithm.js';
import type { HashName, Signature, SignScheme } from '../../drivers/pkcs11/signing.js';

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

export interface Signer {
  scheme: SignScheme;
  hash: HashName;
  /** Signs the DER bytes (the token hashes and signs; the private key never leaves it). */
  sign(toBeSigned: Buffer): Promise<Signature>;
}

/** An X.509 v3 certificate: TBSCertificate serialised, signed by the issuer's token key, wrapped. */
export async function buildCertificate(template: CertificateTemplate, signer: Signer): Promise<Buffer> {
  const algorithm = signatureAlgorithm(signer.scheme, signer.hash);
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
  const { signature } = await signer.sign(toBeSigned);
  const certificate = new Certificate({ tbsCertificate: tbs, signatureAlgorithm: algorithm, signatureValue: new Uint8Array(signature).buffer });
  return Buffer.from(AsnConvert.serialize(certificate));
}
