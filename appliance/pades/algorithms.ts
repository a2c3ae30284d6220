import { constants, createHash, verify, type KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import { AlgorithmIdentifier, RSASSAPSSParams } from 'pkijs';

export type HashName = 'sha256' | 'sha384';
export type SignScheme = 'ecdsa' | 'rsa-pkcs1' | 'rsa-pss';

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
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',
  ecPublicKey: '1.2.840.10045.2.1',
  ecdsaSha256: '1.2.840.10045.4.3.2',
  ecdsaSha384: '1.2.840.10045.4.3.3',
  ecdsaSha512: '1.2.840.10045.4.3.4',
  rsaEncryption: '1.2.840.113549.1.1.1',
  sha256WithRsa: '1.2.840.113549.1.1.11',
  sha384WithRsa: '1.2.840.113549.1.1.12',
  sha512WithRsa: '1.2.840.113549.1.1.13',
  rsaPss: '1.2.840.113549.1.1.10',
  mgf1: '1.2.840.113549.1.1.8',
} as const;

const HASH_OIDS: Record<string, HashName | 'sha512'> = { [OID.sha256]: 'sha256', [OID.sha384]: 'sha384', [OID.sha512]: 'sha512' };

export function hashOid(hash: HashName): string {
  return OID[hash];
}

/** The hash an AlgorithmIdentifier names, or undefined for hashes sealdesk does not accept (SHA-1, MD5). */
export function hashOfOid(oid: string): HashName | 'sha512' | undefined {
  return HASH_OIDS[oid];
}

export function digest(data: Uint8Array, hash: HashName | 'sha512'): Buffer {
  return createHash(hash).update(data).digest();
}

/** Digest AlgorithmIdentifier: parameters absent (RFC 5754 §2: implementations should omit them). */
export function digestAlgorithm(hash: HashName): AlgorithmIdentifier {
  return new AlgorithmIdentifier({ algorithmId: hashOid(hash) });
}

/**
 * The SignerInfo's signatureAlgorithm: ecdsa-with-SHAx without parameters (RFC 5758 §3.2),
 * shaXWithRSAEncryption with NULL (RFC 5754 §3.2), RSASSA-PSS with explicit parameters (RFC 4056):
 * MGF1 over the same hash, salt as long as the hash, as the token signs (drivers/pkcs11 PSS_PARAMS).
 */
export function signatureAlgorithm(scheme: SignScheme, hash: HashName): AlgorithmIdentifier {
  switch (scheme) {
    case 'ecdsa':
      return new AlgorithmIdentifier({ algorithmId: hash === 'sha256' ? OID.ecdsaSha256 : OID.ecdsaSha384 });
    case 'rsa-pkcs1':
      return new AlgorithmIdentifier({ algorithmId: hash === 'sha256' ? OID.sha256WithRsa : OID.sha384WithRsa, algorithmParams: new asn1js.Null() });
    case 'rsa-pss': {
      const params = new RSASSAPSSParams({
        hashAlgorithm: new AlgorithmIdentifier({ algorithmId: hashOid(hash), algorithmParams: new asn1js.Null() }),
        maskGenAlgorithm: new AlgorithmIdentifier({ algorithmId: OID.mgf1, algorithmParams: new AlgorithmIdentifier({ algorithmId: hashOid(hash), algorithmParams: new asn1js.Null() }).toSchema() }),
        saltLength: hash === 'sha256' ? 32 : 48,
      });
      return new AlgorithmIdentifier({ algorithmId: OID.rsaPss, algorithmParams: params.toSchema() });
    }
  }
}

/** The default scheme for a certificate's key: ECDSA for EC keys, PKCS#1 v1.5 for RSA (what every PDF reader accepts). */
export function schemeForKey(spkiAlgorithmOid: string): SignScheme {
  return spkiAlgorithmOid === OID.ecPublicKey ? 'ecdsa' : 'rsa-pkcs1';
}

export interface SignatureCheckInput {
  algorithm: AlgorithmIdentifier;
  /** The SignerInfo's digest algorithm: rsaEncryption alone does not name a hash. */
  digestHash: HashName | 'sha512';
  data: Uint8Array;
  signature: Uint8Array;
  key: KeyObject;
}

/** Verifies a CMS or X.509 signature with node:crypto; false for algorithms sealdesk does not accept. */
export function checkSignatureValue({ algorithm, digestHash, data, signature, key }: SignatureCheckInput): boolean {
  const oid = algorithm.algorithmId;
  try {
    switch (oid) {
      case OID.ecdsaSha256:
      case OID.ecdsaSha384:
      case OID.ecdsaSha512:
        return verify(ecdsaHash(oid), data, { key, dsaEncoding: 'der' }, signature);
      case OID.sha256WithRsa:
      case OID.sha384WithRsa:
      case OID.sha512WithRsa:
        return verify(rsaHash(oid), data, { key, padding: constants.RSA_PKCS1_PADDING }, signature);
      case OID.rsaEncryption:
        return verify(digestHash, data, { key, padding: constants.RSA_PKCS1_PADDING }, signature);
      case OID.rsaPss: {
        const params = new RSASSAPSSParams({ schema: algorithm.algorithmParams });
        const hash = hashOfOid(params.hashAlgorithm.algorithmId);
        if (!hash) return false;
        return verify(hash, data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: params.saltLength }, signature);
      }
      default:
        return false;
    }
  } catch {
    return false;
  }
}

function ecdsaHash(oid: string): string {
  return oid === OID.ecdsaSha256 ? 'sha256' : oid === OID.ecdsaSha384 ? 'sha384' : 'sha512';
}

function rsaHash(oid: string): string {
  return oid === OID.sha256WithRsa ? 'sha256' : oid === OID.sha384WithRsa ? 'sha384' : 'sha512';
}
