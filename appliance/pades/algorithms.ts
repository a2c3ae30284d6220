import { constants, verify, type KeyObject } from 'node:crypto';
import { AlgorithmIdentifier, RSASSAPSSParams } from 'pkijs';
import { algorithmIdentifiersDer } from '../../drivers/pkcs11/algorithm-identifiers.js';
import { HASHES, hashOfOid, signatureAlgorithm as algorithmEntry, signatureAlgorithmOfOid, verifySignature, type HashName, type SignatureAlgorithm } from '../../drivers/pkcs11/signature-algorithms.js';

// The signature algorithms and hashes live in one table (drivers/pkcs11/signature-algorithms.ts); this file reads CMS with it.
export type { HashName, SignatureAlgorithm, SignScheme } from '../../drivers/pkcs11/signature-algorithms.js';
export { hashOfOid };

const sigOid = (id: Parameters<typeof algorithmEntry>[0]) => algorithmEntry(id).x509!.signatureOid;

export const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificate: '1.2.840.113549.1.9.16.2.12',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  signatureTimeStampToken: '1.2.840.113549.1.9.16.2.14',
  tstInfo: '1.2.840.113549.1.9.16.1.4',
  sha256: HASHES.sha256.oid!,
  sha384: HASHES.sha384.oid!,
  sha512: HASHES.sha512.oid!,
  ecPublicKey: '1.2.840.10045.2.1',
  ecdsaSha256: sigOid('ecdsa-sha256'),
  ecdsaSha384: sigOid('ecdsa-sha384'),
  ecdsaSha512: sigOid('ecdsa-sha512'),
  rsaEncryption: '1.2.840.113549.1.1.1',
  sha256WithRsa: sigOid('rsa-pkcs1-sha256'),
  sha384WithRsa: sigOid('rsa-pkcs1-sha384'),
  sha512WithRsa: sigOid('rsa-pkcs1-sha512'),
  rsaPss: sigOid('rsa-pss-sha256'),
  mgf1: '1.2.840.113549.1.1.8',
} as const;

/** The OID of a hash CMS carries (a signer whose algorithm has no X.509 form is refused before any hash is named). */
export function hashOid(hash: HashName): string {
  return HASHES[hash].oid!;
}

export function digest(data: Uint8Array, hash: HashName): Buffer {
  return HASHES[hash].digest(data);
}

/** The hash a CMS signed by this algorithm digests its content with; MECHANISM_UNSUPPORTED for an algorithm without a CMS form (the chain's keccak). */
export function cmsHash(algorithm: SignatureAlgorithm): 'sha256' | 'sha384' | 'sha512' {
  algorithmIdentifiersDer(algorithm);
  return algorithm.hash as 'sha256' | 'sha384' | 'sha512';
}

/** Digest AlgorithmIdentifier: parameters absent (RFC 5754 §2: implementations should omit them). */
export function digestAlgorithm(hash: HashName): AlgorithmIdentifier {
  return new AlgorithmIdentifier({ algorithmId: hashOid(hash) });
}

/** The SignerInfo's signatureAlgorithm of a table entry, as pkijs holds it (the DER comes from the table). */
export function signatureAlgorithm(algorithm: SignatureAlgorithm): AlgorithmIdentifier {
  return AlgorithmIdentifier.fromBER(algorithmIdentifiersDer(algorithm).signature);
}

export interface SignatureCheckInput {
  algorithm: AlgorithmIdentifier;
  /** The SignerInfo's digest algorithm: rsaEncryption alone does not name a hash. */
  digestHash: HashName;
  data: Uint8Array;
  signature: Uint8Array;
  key: KeyObject;
  /** The SM2 signer's distinguishing ID when not GM/T 0009's default (a seal signing under `token.sm2Id`). */
  sm2Id?: string;
}

/**
 * Verifies a CMS or X.509 signature with node:crypto, the algorithm found in the table by its OID;
 * false for algorithms sealdesk does not accept. Two forms other signers write are read here
 * beyond the table: rsaEncryption as a signature algorithm (the hash is the digest algorithm's),
 * and RSASSA-PSS with whatever hash and salt its parameters name.
 */
export function checkSignatureValue({ algorithm, digestHash, data, signature, key, sm2Id }: SignatureCheckInput): boolean {
  const oid = algorithm.algorithmId;
  try {
    if (oid === OID.rsaEncryption) return verify(digestHash, data, { key, padding: constants.RSA_PKCS1_PADDING }, signature);
    if (oid === OID.rsaPss) {
      const params = new RSASSAPSSParams({ schema: algorithm.algorithmParams });
      const hash = hashOfOid(params.hashAlgorithm.algorithmId);
      if (!hash) return false;
      return verify(hash, data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: params.saltLength }, signature);
    }
    const entry = signatureAlgorithmOfOid(oid);
    if (!entry) return false;
    return verifySignature(entry, data, signature, key, sm2Id === undefined ? {} : { sm2Id });
  } catch {
    return false;
  }
}
