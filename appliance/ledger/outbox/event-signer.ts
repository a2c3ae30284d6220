import type { SealSigner } from '../../../drivers/pkcs11/seal-signer.js';
import { canonicalJson } from './canonical-json.js';
import type { SealEvent, SignedSealEvent } from './seal-event.js';

/** RFC 8785 bytes of the event without its signature: what is signed. */
export function signedBytes(event: SealEvent): Buffer {
  return Buffer.from(canonicalJson(event), 'utf8');
}

/** The event signed by any key (the seal's, or the terminal's chain key); `alg` is the table's identifier of the signer's algorithm. */
export async function signSealEvent(event: SealEvent, signer: SealSigner): Promise<SignedSealEvent> {
  const value = await signer.sign(signedBytes(event));
  return { ...event, signature: { alg: signer.algorithm.id, keyId: signer.keyId, value: value.toString('base64') } };
}
