import type pkcs11js from 'pkcs11js';
import { rawToDer } from './ecdsa-signature.js';
import type { SignatureAlgorithm } from './signature-algorithms.js';

export interface Signature {
  readonly algorithm: SignatureAlgorithm;
  /** What X.509, CMS and seal events carry, in the algorithm's encoding (DER ECDSA-Sig-Value, r‖s, or the RSA octets). */
  readonly signature: Buffer;
  /** ECDSA only: r‖s as the token returned it (Ethereum, JWS). */
  readonly raw?: Buffer;
}

/** An ECDSA result: r‖s from the token, DER made on first use (chain transactions never need it). */
class EcdsaSignature implements Signature {
  readonly algorithm: SignatureAlgorithm;
  readonly raw: Buffer;
  #der: Buffer | undefined;

  constructor(algorithm: SignatureAlgorithm, raw: Buffer) {
    this.algorithm = algorithm;
    this.raw = raw;
  }

  get signature(): Buffer {
    if (this.algorithm.encoding === 'raw') return this.raw;
    this.#der ??= rawToDer(this.raw);
    return this.#der;
  }
}

/** The bytes the token is given for a digest: the digest, or DigestInfo around it for PKCS#1 v1.5. */
export function tokenInput(algorithm: SignatureAlgorithm, digest: Buffer): Buffer {
  return algorithm.digestInfoPrefix ? Buffer.concat([algorithm.digestInfoPrefix, digest]) : digest;
}

/** C_SignInit + C_Sign on a worker thread (pkcs11js' async C_Sign): the event loop never waits for the token. */
export async function signDigestOnToken(lib: pkcs11js.PKCS11, session: Buffer, key: Buffer, algorithm: SignatureAlgorithm, digest: Buffer): Promise<Signature> {
  lib.C_SignInit(session, algorithm.mechanism, key);
  // 512 bytes hold an ECDSA P-384 or RSA-4096 signature; the result is a slice of this buffer.
  const signature = await lib.C_SignAsync(session, tokenInput(algorithm, digest), Buffer.allocUnsafe(512));
  if (algorithm.encoding === 'octets') return { algorithm, signature };
  return new EcdsaSignature(algorithm, signature);
}
