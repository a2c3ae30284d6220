import type { KeyObject } from 'node:crypto';
import { signatureAlgorithmOfOid } from '../../drivers/pkcs11/signature-algorithms.js';
import { checkSignatureValue } from './algorithms.js';
import type { ParsedCertificate } from './certificates.js';

/**
 * Whether a certificate's signature verifies with an issuer's key. node:crypto (OpenSSL) checks
 * what it can; an algorithm whose check is the table's own (SM3withSM2: OpenSSL 3.0 through node
 * verifies SM2 with an empty ID, every SM2 CA signs with GM/T 0009's default one) goes through
 * the table's verify hook, over the TBSCertificate as it was signed.
 */
export function certificateSignatureVerifies(subject: ParsedCertificate, issuerKey: KeyObject): boolean {
  const algorithm = subject.pkijs.signatureAlgorithm;
  if (!signatureAlgorithmOfOid(algorithm.algorithmId)?.verify) return subject.node.verify(issuerKey);
  return checkSignatureValue({
    algorithm,
    digestHash: 'sm3',
    data: subject.pkijs.tbsView,
    signature: subject.pkijs.signatureValue.valueBlock.valueHexView,
    key: issuerKey,
  });
}
