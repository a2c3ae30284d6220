import { constants, privateEncrypt, type KeyObject } from 'node:crypto';
import type { SealSigner } from '../../drivers/pkcs11/seal-signer.js';
import { HASHES, signatureAlgorithm } from '../../drivers/pkcs11/signature-algorithms.js';

/**
 * A SealSigner over an RSA key in memory, for tests that need CMS signatures without a token:
 * PKCS#1 v1.5 over DigestInfo (privateEncrypt of prefix ‖ digest), as the table's entry has a
 * token sign it.
 */
export function softwareRsaSigner(key: KeyObject, id: 'rsa-pkcs1-sha256' | 'rsa-pkcs1-sha384' | 'rsa-pkcs1-sha512', keyId: string): SealSigner {
  const algorithm = signatureAlgorithm(id);
  const signDigest = async (digest: Buffer) => privateEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, Buffer.concat([algorithm.digestInfoPrefix!, digest]));
  return { algorithm, keyId, signDigest, sign: (data) => signDigest(HASHES[algorithm.hash].digest(data)) };
}
