import { createPublicKey, verify } from 'node:crypto';
import { CertificationRequest } from '@peculiar/asn1-csr';
import { AsnConvert } from '@peculiar/asn1-schema';
import { fromPem } from '../../drivers/pkcs11/pem.js';
import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';

// signatureAlgorithm OID → hash, for the algorithms our tokens sign CSRs with
const HASHES: Record<string, string> = {
  '1.2.840.10045.4.3.2': 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
};

/**
 * The public key of a PKCS#10 request (PEM or DER), after checking the request's signature:
 * proof that whoever asks for the certificate holds the private key.
 */
export function publicKeyFromCsr(input: Buffer): Buffer {
  let request: CertificationRequest;
  try {
    request = AsnConvert.parse(fromPem(input, 'CERTIFICATE REQUEST'), CertificationRequest);
  } catch (error) {
    throw new SealdeskError('CSR_INVALID', { reason: `not a PKCS#10 request: ${(error as Error).message}`, reasonZh: `不是 PKCS#10 证书请求：${(error as Error).message}` }, { cause: error });
  }
  const info = request.certificationRequestInfo;
  const spki = Buffer.from(AsnConvert.serialize(info.subjectPKInfo));
  const hash = HASHES[request.signatureAlgorithm.algorithm];
  if (!hash) throw new SealdeskError('CSR_INVALID', { reason: `signature algorithm ${request.signatureAlgorithm.algorithm} is not supported`, reasonZh: `不支持签名算法 ${request.signatureAlgorithm.algorithm}` });
  const tbs = request.certificationRequestInfoRaw ? Buffer.from(request.certificationRequestInfoRaw) : Buffer.from(AsnConvert.serialize(info));
  const key = createPublicKey({ key: spki, format: 'der', type: 'spki' });
  if (!verify(hash, tbs, key, Buffer.from(request.signature))) throw new SealdeskError('CSR_INVALID', { reason: 'its signature does not verify', reasonZh: '证书请求的签名验证未通过' });
  return spki;
}
