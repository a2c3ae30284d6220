import { createHash } from 'node:crypto';
import { MechanismEnum, RsaMgf } from 'graphene-pk11';
import pkcs11js from 'pkcs11js';
import { rawToDer } from './ecdsa-signature.js';

export type HashName = 'sha256' | 'sha384';
export type SignScheme = 'ecdsa' | 'rsa-pkcs1' | 'rsa-pss';

export interface Signature {
  readonly scheme: SignScheme;
  readonly hash: HashName;
  /** What X.509 and CMS carry: ECDSA-Sig-Value DER for ECDSA, the PKCS#1 / PSS octets for RSA. */
  readonly signature: Buffer;
  /** ECDSA only: r‖s as the token returned it (Ethereum, JWS). */
  readonly raw?: Buffer;
}

/** An ECDSA result: r‖s from the token, DER made on first use (chain transactions never need it). */
class EcdsaSignature implements Signature {
  readonly scheme = 'ecdsa';
  readonly hash: HashName;
  readonly raw: Buffer;
  #der: Buffer | undefined;

  constructor(hash: HashName, raw: Buffer) {
    this.hash = hash;
    this.raw = raw;
  }

  get signature(): Buffer {
    this.#der ??= rawToDer(this.raw);
    return this.#der;
  }
}

// DigestInfo prefixes (RFC 8017 §9.2 note 1): CKM_RSA_PKCS signs DigestInfo, which we build.
const DIGEST_INFO: Record<HashName, Buffer> = {
  sha256: Buffer.from('3031300d060960864801650304020105000420', 'hex'),
  sha384: Buffer.from('3041300d060960864801650304020205000430', 'hex'),
};

const PSS_PARAMS: Record<HashName, { hashAlg: number; mgf: number; saltLen: number }> = {
  sha256: { hashAlg: MechanismEnum.SHA256, mgf: RsaMgf.MGF1_SHA256, saltLen: 32 },
  sha384: { hashAlg: MechanismEnum.SHA384, mgf: RsaMgf.MGF1_SHA384, saltLen: 48 },
};

/**
 * The data is hashed here and the token signs the digest (CKM_ECDSA, CKM_RSA_PKCS over
 * DigestInfo, CKM_RSA_PKCS_PSS): many USB keys and SoftHSM 2.6 lack CKM_ECDSA_SHA256, and a
 * 50 MB document should not cross the USB bus.
 */
export function digestMechanism(scheme: SignScheme, hash: HashName): pkcs11js.Mechanism {
  switch (scheme) {
    case 'ecdsa':
      return { mechanism: pkcs11js.CKM_ECDSA };
    case 'rsa-pkcs1':
      return { mechanism: pkcs11js.CKM_RSA_PKCS };
    case 'rsa-pss':
      return { mechanism: pkcs11js.CKM_RSA_PKCS_PSS, parameter: { type: pkcs11js.CK_PARAMS_RSA_PSS, ...PSS_PARAMS[hash] } };
  }
}

export function hashData(data: Uint8Array, hash: HashName): Buffer {
  return createHash(hash).update(data).digest();
}

export function digestLength(hash: HashName): number {
  return hash === 'sha256' ? 32 : 48;
}

/** The bytes the token is given for a digest. */
export function tokenInput(scheme: SignScheme, hash: HashName, digest: Buffer): Buffer {
  return scheme === 'rsa-pkcs1' ? Buffer.concat([DIGEST_INFO[hash], digest]) : digest;
}

/** C_SignInit + C_Sign on a worker thread (pkcs11js' async C_Sign): the event loop never waits for the token. */
export async function signDigestOnToken(
  lib: pkcs11js.PKCS11,
  session: Buffer,
  key: Buffer,
  scheme: SignScheme,
  hash: HashName,
  digest: Buffer,
): Promise<Signature> {
  lib.C_SignInit(session, digestMechanism(scheme, hash), key);
  // 512 bytes hold an ECDSA P-384 or RSA-4096 signature; the result is a slice of this buffer.
  const signature = await lib.C_SignAsync(session, tokenInput(scheme, hash, digest), Buffer.allocUnsafe(512));
  if (scheme === 'ecdsa') return new EcdsaSignature(hash, signature);
  return { scheme, hash, signature };
}
