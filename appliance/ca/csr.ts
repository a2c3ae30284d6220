import { createPublicKey } from 'node:crypto';
import { CertificationRequest } from '@peculiar/asn1-csr';
import { AsnConvert } from '@peculiar/asn1-schema';
import { fromPem } from '../../drivers/pkcs11/pem.js';
import { signatureAlgorithmOfOid, verifySignature } from '../../drivers/pkcs11/signature-algorithms.js';
import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';

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
  // the table's algorithms, PSS aside (its hash is in parameters our tokens' CSRs never carry)
  const algorithm = signatureAlgorithmOfOid(request.signatureAlgorithm.algorithm);
  if (!algorithm) throw new SealdeskError('CSR_INVALID', { reason: `signature algorithm ${request.signatureAlgorithm.algorithm} is not supported`, reasonZh: `不支持签名算法 ${request.signatureAlgorithm.algorithm}` });
  const tbs = request.certificationRequestInfoRaw ? Buffer.from(request.certificationRequestInfoRaw) : Buffer.from(AsnConvert.serialize(info));
  const key = createPublicKey({ key: spki, format: 'der', type: 'spki' });
  if (!verifySignature(algorithm, tbs, Buffer.from(request.signature), key)) throw new SealdeskError('CSR_INVALID', { reason: 'its signature does not verify', reasonZh: '证书请求的签名验证未通过' });
  return spki;
}
