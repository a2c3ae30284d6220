import { createHash, type KeyObject } from 'node:crypto';
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
  // A pure-JS SM2 check costs ~1 ms, and every document a seal stamped repeats the same
  // certificates: the answer is kept by what was checked (TBS, signature, issuer key), so a
  // changed byte of any of them is checked afresh.
  const signature = subject.pkijs.signatureValue.valueBlock.valueHexView;
  const key = createHash('sha256').update(subject.pkijs.tbsView).update(signature).update(issuerKey.export({ type: 'spki', format: 'der' })).digest('base64');
  const known = CHECKED.get(key);
  if (known !== undefined) return known;
  const verifies = checkSignatureValue({
    algorithm,
    digestHash: 'sm3',
    data: subject.pkijs.tbsView,
    signature,
    key: issuerKey,
  });
  if (CHECKED.size >= CHECKED_MAX) CHECKED.delete(CHECKED.keys().next().value!);
  CHECKED.set(key, verifies);
  return verifies;
}

const CHECKED_MAX = 256;
const CHECKED = new Map<string, boolean>();
