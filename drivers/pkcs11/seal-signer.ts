import { isSealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';
import { HASHES, type AlgorithmId, type SignatureAlgorithm } from './signature-algorithms.js';
import { DEFAULT_SM2_ID } from './sm2.js';
import type { Token } from './token.js';

/**
 * The one signer: a key and the table entry it signs with. The CMS of a stamp, the CA's
 * certificates and CRLs, seal events and the chain account all take one, so a new algorithm
 * reaches all of them through the table (signature-algorithms.ts) alone.
 */
export interface SealSigner {
  readonly algorithm: SignatureAlgorithm;
  /** Names the key for a verifier of seal events (token serial/label, a certificate hash, a chain address). */
  readonly keyId: string;
  /**
   * Signs a digest made with `algorithm.hash`; the signature in the algorithm's encoding.
   * MECHANISM_UNSUPPORTED for SM2 (its digest needs the key's Z): use sign().
   */
  signDigest(digest: Buffer): Promise<Buffer>;
  /** Hashes with `algorithm.hash`, then signDigest; for SM2 the token signs the message through its vendor profile. */
  sign(data: Uint8Array): Promise<Buffer>;
  /** SM2: the distinguishing ID the signatures carry in Z, when not GM/T 0009's default (a check must use it). */
  readonly sm2Id?: string;
}

export interface TokenSignerOptions {
  /** Default: the key type's (P-256 → ecdsa-sha256, P-384 → ecdsa-sha384, RSA → rsa-pkcs1-sha256). */
  algorithm?: AlgorithmId;
  keyId?: string;
}

/**
 * The key `label` on a token as a SealSigner: the private key never leaves it. MECHANISM_UNSUPPORTED
 * here, before anything is signed, when the algorithm does not fit the key. The token must be
 * logged in by the time it signs.
 */
export async function tokenSigner(token: Token, label: string, options: TokenSignerOptions = {}): Promise<SealSigner> {
  const algorithm = await token.signingAlgorithm(label, options.algorithm ? { algorithm: options.algorithm } : {});
  const signDigest = async (digest: Buffer) => (await token.signDigest(label, digest, { algorithm })).signature;
  const sm2Id = algorithm.id === 'sm2-sm3' ? sm2IdOf(token) : undefined;
  return {
    ...(sm2Id !== undefined && sm2Id !== DEFAULT_SM2_ID ? { sm2Id } : {}),
    algorithm,
    keyId: options.keyId ?? `${token.serial}/${label}`,
    signDigest,
    sign: algorithm.digestNeedsKey
      ? async (data) => (await token.sign(label, data, { algorithm })).signature
      : (data) => signDigest(HASHES[algorithm.hash].digest(data)),
  };
}

/** The ID the token's SM2 profile signs under; none yet when it has no profile (its sign says SM2_PROFILE_MISSING then). */
function sm2IdOf(token: Token): string | undefined {
  try {
    return token.sm2Profile().userId;
  } catch (error) {
    if (isSealdeskError(error, 'SM2_PROFILE_MISSING')) return undefined;
    throw error;
  }
}
