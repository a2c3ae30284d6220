import { X509Certificate } from 'node:crypto';
import { isAlgorithmId, signatureAlgorithm, verifySignature } from '../../drivers/pkcs11/signature-algorithms.js';
import { signedBytes } from '../ledger/outbox/event-signer.js';
import type { SignedSealEvent } from '../ledger/outbox/seal-event.js';

/** Whether a seal event's signature (its `alg` an identifier of the algorithm table) verifies with the seal certificate's key. */
export function sealEventSignedBy(event: SignedSealEvent, certificateDer: Buffer): boolean {
  if (!isAlgorithmId(event.signature.alg)) return false;
  const { signature, ...unsigned } = event;
  const key = new X509Certificate(certificateDer).publicKey;
  return verifySignature(signatureAlgorithm(signature.alg), signedBytes(unsigned), Buffer.from(signature.value, 'base64'), key);
}
