import { IssuerAndSerialNumber, type AlgorithmIdentifier } from 'pkijs';
import { digestAlgorithm, signatureAlgorithm, type HashName, type SignScheme } from './algorithms.js';
import type { ParsedCertificate } from './certificates.js';

/** The SignerInfo fields that depend only on the certificate and the algorithms, as DER. */
export interface SignerParts {
  /** IssuerAndSerialNumber. */
  readonly sid: Buffer;
  readonly digestAlgorithm: Buffer;
  readonly signatureAlgorithm: Buffer;
  /** The same signature algorithm as pkijs holds it, for checkSignatureValue. */
  readonly algorithm: AlgorithmIdentifier;
}

// pkijs encodes them (~0.3 ms a document); a seal stamps document after document with the same ones
const cache = new WeakMap<ParsedCertificate, Map<string, SignerParts>>();

export function signerParts(signer: ParsedCertificate, hash: HashName, scheme: SignScheme): SignerParts {
  let byAlgorithm = cache.get(signer);
  if (!byAlgorithm) cache.set(signer, (byAlgorithm = new Map()));
  const key = `${hash} ${scheme}`;
  let parts = byAlgorithm.get(key);
  if (!parts) {
    const algorithm = signatureAlgorithm(scheme, hash);
    parts = {
      sid: der(new IssuerAndSerialNumber({ issuer: signer.pkijs.issuer, serialNumber: signer.pkijs.serialNumber })),
      digestAlgorithm: der(digestAlgorithm(hash)),
      signatureAlgorithm: der(algorithm),
      algorithm,
    };
    byAlgorithm.set(key, parts);
  }
  return parts;
}

function der(value: { toSchema(): { toBER(sizeOnly?: boolean): ArrayBuffer } }): Buffer {
  return Buffer.from(value.toSchema().toBER(false));
}
