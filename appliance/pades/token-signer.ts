import type { Token } from '../../drivers/pkcs11/token.js';
import type { HashName, SignScheme } from './algorithms.js';
import type { DigestSigner } from './signed-data.js';

/** A DigestSigner backed by a key on a token: the private key never leaves it. */
export function tokenSigner(token: Token, label: string, options: { hash: HashName; scheme?: SignScheme }): DigestSigner {
  return async (digest) => (await token.signDigest(label, digest, options)).signature;
}
