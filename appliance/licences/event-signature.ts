import { verify, X509Certificate } from 'node:crypto';
import { isAlgorithmId, signatureAlgorithm } from '../../drivers/pkcs11/signature-algorithms.js';
import { signedBytes } from '../ledger/outbox/event-signer.js';
import type { SignedSealEvent } from '../ledger/outbox/seal-event.js';

/** Whether a seal event's signature (its `alg` an identifier of the algorithm table) verifies with the seal certificate's key. */
export function sealEventSignedBy(event: SignedSealEvent, certificateDer: Buffer): boolean {
  if (!isAlgorithmId(event.signature.alg)) return false;
  const algorithm = signatureAlgorithm(event.signature.alg);
  // the chain's keccak never signs a seal event; node:crypto does not know it
  if (!algorithm.x509) return false;
  const { signature, ...unsigned } = event;
  const key = new X509Certificate(certificateDer).publicKey;
  try {
    return verify(algorithm.hash, signedBytes(unsigned), { key, ...algorithm.verifyOptions }, Buffer.from(signature.value, 'base64'));
  } catch {
    return false;
  }
}
