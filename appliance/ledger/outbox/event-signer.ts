import type { Token } from '../../../drivers/pkcs11/token.js';
import { canonicalJson } from './canonical-json.js';
import type { SealEvent, SignedSealEvent } from './seal-event.js';

/** Whatever signs events: the seal's key on the token in production. */
export interface EventSigner {
  /** Names the key for a verifier (e.g. token serial + key label, or a certificate hash). */
  readonly keyId: string;
  readonly alg: string;
  sign(data: Buffer): Promise<Buffer>;
}

/** Signs with an EC key on the token: ECDSA over SHA-256 of the canonical bytes, DER. */
export function tokenEventSigner(token: Token, label: string, keyId = `${token.serial}/${label}`): EventSigner {
  return {
    keyId,
    alg: 'ecdsa-sha256',
    async sign(data) {
      return (await token.sign(label, data, { scheme: 'ecdsa', hash: 'sha256' })).signature;
    },
  };
}

/** RFC 8785 bytes of the event without its signature: what is signed. */
export function signedBytes(event: SealEvent): Buffer {
  return Buffer.from(canonicalJson(event), 'utf8');
}

export async function signSealEvent(event: SealEvent, signer: EventSigner): Promise<SignedSealEvent> {
  const value = await signer.sign(signedBytes(event));
  return { ...event, signature: { alg: signer.alg, keyId: signer.keyId, value: value.toString('base64') } };
}
