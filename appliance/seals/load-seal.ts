import type { Pkcs11 } from '../../drivers/pkcs11/pkcs11.js';
import type { Token } from '../../drivers/pkcs11/token.js';
import type { SealRegistry } from './registry/seal-registry.js';
import type { Seal } from './seal.js';

/** Everything a stamp needs from a seal. */
export interface StampingSeal {
  seal: Seal;
  /** The visible seal, PNG with a transparent background. */
  image: Buffer;
  /** The seal's token (found by serial, so a re-inserted USB key is still found); log in before signing. */
  token: Token;
  /** Sign with token.sign(keyLabel, …) / token.signDigest(keyLabel, …). */
  keyLabel: string;
  /** DER, the seal certificate first: what goes into the CMS. */
  certificateChain: Buffer[];
  /** The seal's GB/T 38540 SESeal (DER) when it has one: what an OFD stamp carries (OFD_ESEAL_REQUIRED without it). */
  eseal?: Buffer;
}

/**
 * The seal, checked usable at `at` (SEAL_NOT_FOUND, SEAL_REVOKED, SEAL_SUSPENDED, SEAL_NOT_VALID),
 * with its image and its token present (TOKEN_NOT_PRESENT otherwise).
 */
export function loadSealForStamping(registry: SealRegistry, pkcs11: Pkcs11, id: string, at = new Date()): StampingSeal {
  const { seal, image } = registry.usableWithImage(id, at);
  return {
    seal,
    image,
    token: pkcs11.token({ serial: seal.key.tokenSerial }),
    keyLabel: seal.key.keyLabel,
    certificateChain: seal.certificateChain,
    // a GB/T 38540 seal's SESeal goes with it, so an OFD stamp can carry it (a PDF stamp ignores it)
    ...(seal.format === 'gbt38540' ? { eseal: registry.eseal(id) } : {}),
  };
}
