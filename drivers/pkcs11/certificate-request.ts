import { CertificationRequest, CertificationRequestInfo } from '@peculiar/asn1-csr';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Name as AsnName, SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import { Name } from '@peculiar/x509';
import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';
import { signatureAlgorithmIdentifier } from './algorithm-identifiers.js';
import type { SignatureAlgorithm } from './signature-algorithms.js';
import type { Signature } from './signing.js';

/**
 * Parses an X.500 name as administrators write it ("CN=行政审批专用章, O=…, C=CN"); non-ASCII
 * values are encoded as UTF8String. organizationIdentifier (2.5.4.97) carries the USCC.
 */
export function parseSubject(subject: string): AsnName {
  // The parser is lenient with text that has no "TYPE=value" at all; an empty subject is useless to a CA.
  if (!/^\s*[A-Za-z0-9.]+\s*=/.test(subject)) {
    throw new SealdeskError('USAGE', { reason: `the subject "${subject}" is not a name such as "CN=…, O=…, C=CN"` });
  }
  try {
    const name = new Name(subject, { organizationIdentifier: '2.5.4.97', serialNumber: '2.5.4.5' });
    return AsnConvert.parse(name.toArrayBuffer(), AsnName);
  } catch (error) {
    throw new SealdeskError('USAGE', { reason: `cannot parse subject "${subject}": ${(error as Error).message}` }, { cause: error });
  }
}

/**
 * A PKCS#10 request signed by the token key. Built from the ASN.1 structures rather than through
 * a WebCrypto provider because WebCrypto has no secp256k1, and the chain key needs a CSR too.
 */
export async function buildCertificateRequest(
  subject: string,
  spki: Buffer,
  algorithm: SignatureAlgorithm,
  sign: (toBeSigned: Buffer) => Promise<Signature>,
): Promise<Buffer> {
  const info = new CertificationRequestInfo({
    version: 0,
    subject: parseSubject(subject),
    subjectPKInfo: AsnConvert.parse(spki, SubjectPublicKeyInfo),
  });
  const toBeSigned = Buffer.from(AsnConvert.serialize(info));
  const { signature } = await sign(toBeSigned);
  const request = new CertificationRequest({
    certificationRequestInfo: info,
    signatureAlgorithm: signatureAlgorithmIdentifier(algorithm),
    signature: new Uint8Array(signature).buffer,
  });
  return Buffer.from(AsnConvert.serialize(request));
}
