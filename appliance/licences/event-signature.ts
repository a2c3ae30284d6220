import { constants, verify, X509Certificate } from 'node:crypto';
import { signedBytes } from '../ledger/outbox/event-signer.js';
import type { SignedSealEvent } from '../ledger/outbox/seal-event.js';

const HASHES: Record<string, string> = { 'ecdsa-sha256': 'sha256', 'ecdsa-sha384': 'sha384', 'rsa-pkcs1-sha256': 'sha256' };

/** Whether a seal event's signature (made by tokenKeySigner) verifies with the seal certificate's key. */
export function sealEventSignedBy(event: SignedSealEvent, certificateDer: Buffer): boolean {
  const hash = HASHES[event.signature.alg];
  if (!hash) return false;
  const { signature, ...unsigned } = event;
  const key = new X509Certificate(certificateDer).publicKey;
  const padding = event.signature.alg.startsWith('rsa') ? { padding: constants.RSA_PKCS1_PADDING } : {};
  try {
    return verify(hash, signedBytes(unsigned), { key, ...padding }, Buffer.from(signature.value, 'base64'));
  } catch {
    return false;
  }
}
