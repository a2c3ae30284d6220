import { constants, createHash, verify, type KeyObject } from 'node:crypto';
import { keccak256 } from './keccak.js';
import pkcs11js from 'pkcs11js';
import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';
import type { KeyType } from './key-types.js';
import { sm2PublicPoint } from './sm2-public-key.js';
import { DEFAULT_SM2_ID, SM2_SIGN_OID, SM3_OID, SM3_WITH_SM2_OID, sm2Verify, sm3 } from './sm2.js';

/**
 * Every signature algorithm sealdesk signs or verifies with, in one table: what the CMS (pades),
 * the CA (certificates, CRLs, CSRs), seal events and the chain account read. Adding one (SM2 with
 * SM3 was the last) is a new HASHES entry if its hash is new, a new ALGORITHMS entry, and the key type and
 * mechanism on the token behind it — see README "How to add → A signature algorithm".
 */

export type HashName = 'sha256' | 'sha384' | 'sha512' | 'keccak256' | 'sm3';

export interface HashSpec {
  readonly name: HashName;
  /** Digest length in bytes: the token is never handed a digest of another length. */
  readonly length: number;
  /** Its OID in a CMS/X.509 AlgorithmIdentifier; absent for hashes that never appear there (keccak). */
  readonly oid?: string;
  digest(data: Uint8Array): Buffer;
}

const nodeHash = (name: 'sha256' | 'sha384' | 'sha512') => (data: Uint8Array) => createHash(name).update(data).digest();

export const HASHES: Readonly<Record<HashName, HashSpec>> = {
  sha256: { name: 'sha256', length: 32, oid: '2.16.840.1.101.3.4.2.1', digest: nodeHash('sha256') },
  sha384: { name: 'sha384', length: 48, oid: '2.16.840.1.101.3.4.2.2', digest: nodeHash('sha384') },
  sha512: { name: 'sha512', length: 64, oid: '2.16.840.1.101.3.4.2.3', digest: nodeHash('sha512') },
  // Ethereum's Keccak-256 (not NIST SHA3-256, which node:crypto has): transactions and messages on chain
  keccak256: { name: 'keccak256', length: 32, digest: (data) => Buffer.from(keccak256(data)) },
  // GM/T 0004 (node:crypto's, OpenSSL's); for SM2 the signed digest is SM3(Z ‖ M), see sm2.ts
  sm3: { name: 'sm3', length: 32, oid: SM3_OID, digest: sm3 },
};

export type SignScheme = 'ecdsa' | 'rsa-pkcs1' | 'rsa-pss' | 'sm2';

export type AlgorithmId =
  | 'ecdsa-sha256'
  | 'ecdsa-sha384'
  | 'ecdsa-sha512'
  | 'rsa-pkcs1-sha256'
  | 'rsa-pkcs1-sha384'
  | 'rsa-pkcs1-sha512'
  | 'rsa-pss-sha256'
  | 'rsa-pss-sha384'
  | 'ecdsa-keccak256'
  | 'sm2-sm3';

export interface SignatureAlgorithm {
  /** Also the `alg` a seal event carries, so it must never change for an existing entry. */
  readonly id: AlgorithmId;
  readonly scheme: SignScheme;
  readonly hash: HashName;
  /** PKCS#11 key class it needs (CKK_EC / CKK_RSA, or a GM key's SM2 key type, see sm2-profiles.ts). */
  readonly keyAlgorithm: 'ec' | 'rsa' | 'sm2';
  /** Key types sealdesk makes that it fits. */
  readonly keyTypes: readonly KeyType[];
  /** Key types that sign with it unless told otherwise. */
  readonly defaultFor: readonly KeyType[];
  /**
   * The token signs a digest made here (CKM_ECDSA, CKM_RSA_PKCS, CKM_RSA_PKCS_PSS): many USB keys
   * and SoftHSM 2.6 lack CKM_ECDSA_SHA256, and a 50 MB document should not cross the USB bus.
   */
  readonly mechanism: pkcs11js.Mechanism;
  /**
   * SM2: the signed digest is SM3(Z ‖ M) and Z needs the signer's public key and ID, so it cannot
   * be made from the data alone. sign() goes through the key's vendor profile (mechanism, hashing
   * side, ID); signDigest() is refused, so a caller's SM3(M) never becomes a wrong signature.
   */
  readonly digestNeedsKey?: true;
  /** PKCS#1 v1.5 only: the DigestInfo prefix put before the digest (RFC 8017 §9.2 note 1). */
  readonly digestInfoPrefix?: Buffer;
  /**
   * What X.509, CMS and seal events carry: `der` is ECDSA-Sig-Value made from the token's r‖s,
   * `raw` is r‖s as the token returned it (Ethereum), `octets` the RSA signature as it is.
   */
  readonly encoding: 'der' | 'raw' | 'octets';
  /** CMS/X.509 AlgorithmIdentifier OIDs; absent for an algorithm that never appears there (the chain's). */
  readonly x509?: {
    readonly digestOid: string;
    readonly signatureOid: string;
    /** RFC 5758: ECDSA without parameters; RFC 4055: PKCS#1 v1.5 with NULL, PSS with RSASSA-PSS-params. */
    readonly parameters: 'absent' | 'null' | 'pss';
  };
  /** PSS only: MGF1 over the same hash, salt as long as the hash (RFC 4055 §3.1 recommends it). */
  readonly saltLength?: number;
  /** node:crypto verify() options for a signature in `encoding`. */
  readonly verifyOptions: { padding?: number; saltLength?: number; dsaEncoding?: 'der' | 'ieee-p1363' };
  /** For an algorithm node:crypto cannot check (SM2 needs its signer ID): the check itself. */
  readonly verify?: (data: Uint8Array, signature: Uint8Array, key: KeyObject, options?: VerifyOptions) => boolean;
}

const EC_KEYS = ['ec-p256', 'ec-p384', 'secp256k1'] as const satisfies readonly KeyType[];

/** SM2 with GM/T 0009's default ID, which every verifier (OpenSSL with distid, BouncyCastle) assumes. */
/** What a check needs beyond key and bytes: for SM2 the signer's distinguishing ID (GM/T 0009's default when absent). */
export interface VerifyOptions {
  sm2Id?: string;
}

// a KeyObject's SM2 point, read once (exporting and parsing the SPKI was a tenth of a stamp's self-check)
const sm2Points = new WeakMap<KeyObject, Buffer | undefined>();

function verifySm2(data: Uint8Array, signature: Uint8Array, key: KeyObject, options: VerifyOptions = {}): boolean {
  if (!sm2Points.has(key)) sm2Points.set(key, sm2PublicPoint(key));
  const point = sm2Points.get(key);
  return point !== undefined && sm2Verify(data, signature, point, options.sm2Id ?? DEFAULT_SM2_ID);
}
const RSA_KEYS = ['rsa-2048', 'rsa-3072'] as const satisfies readonly KeyType[];

function ecdsa(hash: 'sha256' | 'sha384' | 'sha512', signatureOid: string, defaultFor: readonly KeyType[]): SignatureAlgorithm {
  return {
    id: `ecdsa-${hash}`,
    scheme: 'ecdsa',
    hash,
    keyAlgorithm: 'ec',
    keyTypes: EC_KEYS,
    defaultFor,
    mechanism: { mechanism: pkcs11js.CKM_ECDSA },
    encoding: 'der',
    x509: { digestOid: HASHES[hash].oid!, signatureOid, parameters: 'absent' },
    verifyOptions: { dsaEncoding: 'der' },
  };
}

// DigestInfo up to the digest (RFC 8017 §9.2 note 1): CKM_RSA_PKCS signs DigestInfo, which is built here
const DIGEST_INFO = {
  sha256: '3031300d060960864801650304020105000420',
  sha384: '3041300d060960864801650304020205000430',
  sha512: '3051300d060960864801650304020305000440',
};

function rsaPkcs1(hash: 'sha256' | 'sha384' | 'sha512', signatureOid: string, defaultFor: readonly KeyType[]): SignatureAlgorithm {
  return {
    id: `rsa-pkcs1-${hash}`,
    scheme: 'rsa-pkcs1',
    hash,
    keyAlgorithm: 'rsa',
    keyTypes: RSA_KEYS,
    defaultFor,
    mechanism: { mechanism: pkcs11js.CKM_RSA_PKCS },
    digestInfoPrefix: Buffer.from(DIGEST_INFO[hash], 'hex'),
    encoding: 'octets',
    x509: { digestOid: HASHES[hash].oid!, signatureOid, parameters: 'null' },
    verifyOptions: { padding: constants.RSA_PKCS1_PADDING },
  };
}

function rsaPss(hash: 'sha256' | 'sha384'): SignatureAlgorithm {
  const saltLength = HASHES[hash].length;
  // pkcs11js' constants (graphene-pk11's enums hold the same numbers): verifying needs no graphene (cli-start bench)
  const [hashAlg, mgf] = hash === 'sha256' ? [pkcs11js.CKM_SHA256, pkcs11js.CKG_MGF1_SHA256] : [pkcs11js.CKM_SHA384, pkcs11js.CKG_MGF1_SHA384];
  return {
    id: `rsa-pss-${hash}`,
    scheme: 'rsa-pss',
    hash,
    keyAlgorithm: 'rsa',
    keyTypes: RSA_KEYS,
    defaultFor: [],
    mechanism: { mechanism: pkcs11js.CKM_RSA_PKCS_PSS, parameter: { type: pkcs11js.CK_PARAMS_RSA_PSS, hashAlg, mgf, saltLen: saltLength } as pkcs11js.RsaPSS },
    encoding: 'octets',
    x509: { digestOid: HASHES[hash].oid!, signatureOid: '1.2.840.113549.1.1.10', parameters: 'pss' },
    saltLength,
    verifyOptions: { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength },
  };
}

/** The table; an entry's `defaultFor` says which key types sign with it unless told otherwise. */
const ALGORITHMS: readonly SignatureAlgorithm[] = [
  // secp256k1: the chain key signs seal events, checkpoints and its CSR with this; chain transactions ask for ecdsa-keccak256
  ecdsa('sha256', '1.2.840.10045.4.3.2', ['ec-p256', 'secp256k1']),
  ecdsa('sha384', '1.2.840.10045.4.3.3', ['ec-p384']),
  ecdsa('sha512', '1.2.840.10045.4.3.4', []),
  rsaPkcs1('sha256', '1.2.840.113549.1.1.11', RSA_KEYS),
  rsaPkcs1('sha384', '1.2.840.113549.1.1.12', []),
  rsaPkcs1('sha512', '1.2.840.113549.1.1.13', []),
  rsaPss('sha256'),
  rsaPss('sha384'),
  // The terminal's chain key on Ethereum transactions and messages: r‖s, to which viem adds the recovery id
  {
    id: 'ecdsa-keccak256',
    scheme: 'ecdsa',
    hash: 'keccak256',
    keyAlgorithm: 'ec',
    keyTypes: ['secp256k1'],
    defaultFor: [],
    mechanism: { mechanism: pkcs11js.CKM_ECDSA },
    encoding: 'raw',
    verifyOptions: { dsaEncoding: 'ieee-p1363' },
  },
  // GM/T 0003 over GM/T 0004, as X.509 names it (GM/T 0006); the CMS carries the same OID (docs/decisions.md)
  {
    id: 'sm2-sm3',
    scheme: 'sm2',
    hash: 'sm3',
    keyAlgorithm: 'sm2',
    keyTypes: ['sm2'],
    defaultFor: ['sm2'],
    // placeholder: a GM key's numbers come from its vendor profile (sm2ProfileFor), never from here
    mechanism: { mechanism: pkcs11js.CKM_VENDOR_DEFINED },
    digestNeedsKey: true,
    encoding: 'der',
    x509: { digestOid: SM3_OID, signatureOid: SM3_WITH_SM2_OID, parameters: 'absent' },
    verifyOptions: {},
    verify: verifySm2,
  },
];

const BY_ID = new Map(ALGORITHMS.map((a) => [a.id, a]));

export function allSignatureAlgorithms(): readonly SignatureAlgorithm[] {
  return ALGORITHMS;
}

export function isAlgorithmId(id: string): id is AlgorithmId {
  return BY_ID.has(id as AlgorithmId);
}

/** The entry for an identifier (a seal event's `alg`, a configured algorithm); MECHANISM_UNSUPPORTED when none. */
export function signatureAlgorithm(id: string): SignatureAlgorithm {
  const found = BY_ID.get(id as AlgorithmId);
  if (!found) throw new SealdeskError('MECHANISM_UNSUPPORTED', { mechanism: id });
  return found;
}

/** Whether `signature` over `data` verifies with `key` in this algorithm; false, never a throw, for anything malformed. */
export function verifySignature(algorithm: SignatureAlgorithm, data: Uint8Array, signature: Uint8Array, key: KeyObject, options: VerifyOptions = {}): boolean {
  try {
    if (algorithm.verify) return algorithm.verify(data, signature, key, options);
    // node:crypto has no keccak-256: the chain's signatures are checked on chain (ecrecover), not here
    if (!HASHES[algorithm.hash].oid) return false;
    return verify(algorithm.hash, data, { key, ...algorithm.verifyOptions }, signature);
  } catch {
    return false;
  }
}

/** The entry for a scheme and hash, if the table has one. */
export function findSignatureAlgorithm(scheme: SignScheme, hash: HashName): SignatureAlgorithm | undefined {
  return ALGORITHMS.find((a) => a.scheme === scheme && a.hash === hash);
}

/** The entry whose X.509 signature OID this is (for PSS, the hash comes from its parameters). */
export function signatureAlgorithmOfOid(oid: string, pssHash?: HashName): SignatureAlgorithm | undefined {
  // GM/T 0010's sm2-1 (the SM2 signature, as some CMS signers name a SignerInfo's algorithm) is SM3withSM2 there
  if (oid === SM2_SIGN_OID) return BY_ID.get('sm2-sm3');
  return ALGORITHMS.find((a) => a.x509?.signatureOid === oid && (a.x509.parameters !== 'pss' || a.hash === pssHash));
}

/** The hash an AlgorithmIdentifier OID names, or undefined for hashes sealdesk does not accept (SHA-1, MD5). */
export function hashOfOid(oid: string): HashName | undefined {
  return (Object.values(HASHES) as HashSpec[]).find((h) => h.oid === oid)?.name;
}

/**
 * The algorithm a key signs with: `algorithm` if given, else the key type's default with `scheme`
 * and `hash` put in. MECHANISM_UNSUPPORTED when the table has no such entry or it does not fit the
 * key (a key type sealdesk did not make is judged by its class, EC or RSA).
 */
export function resolveSignatureAlgorithm(
  key: { type: KeyType | 'unknown'; algorithm: 'ec' | 'rsa' | 'sm2' | 'other' },
  wanted: { algorithm?: AlgorithmId | SignatureAlgorithm; scheme?: SignScheme; hash?: HashName } = {},
): SignatureAlgorithm {
  let chosen: SignatureAlgorithm | undefined;
  if (wanted.algorithm) chosen = typeof wanted.algorithm === 'string' ? signatureAlgorithm(wanted.algorithm) : wanted.algorithm;
  else {
    const fallback = key.algorithm === 'rsa' ? 'rsa-pkcs1-sha256' : key.algorithm === 'sm2' ? 'sm2-sm3' : 'ecdsa-sha256';
    const base = ALGORITHMS.find((a) => key.type !== 'unknown' && a.defaultFor.includes(key.type)) ?? signatureAlgorithm(fallback);
    chosen = wanted.scheme || wanted.hash ? findSignatureAlgorithm(wanted.scheme ?? base.scheme, wanted.hash ?? base.hash) : base;
    if (!chosen) throw new SealdeskError('MECHANISM_UNSUPPORTED', { mechanism: `${wanted.scheme ?? base.scheme} with ${wanted.hash ?? base.hash}` });
  }
  const fits = key.type === 'unknown' ? chosen.keyAlgorithm === key.algorithm : chosen.keyTypes.includes(key.type);
  if (!fits) throw new SealdeskError('MECHANISM_UNSUPPORTED', { mechanism: `${chosen.id} with a ${key.type === 'unknown' ? key.algorithm : key.type} key` });
  return chosen;
}
