import { IssuerAndSerialNumber, type AlgorithmIdentifier } from 'pkijs';
import { algorithmIdentifiersDer } from '../../drivers/pkcs11/algorithm-identifiers.js';
import { signatureAlgorithm, type SignatureAlgorithm } from './algorithms.js';
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

export function signerParts(signer: ParsedCertificate, algorithm: SignatureAlgorithm): SignerParts {
  let byAlgorithm = cache.get(signer);
  if (!byAlgorithm) cache.set(signer, (byAlgorithm = new Map()));
  let parts = byAlgorithm.get(algorithm.id);
  if (!parts) {
    const identifiers = algorithmIdentifiersDer(algorithm);
    parts = {
      sid: der(new IssuerAndSerialNumber({ issuer: signer.pkijs.issuer, serialNumber: signer.pkijs.serialNumber })),
      digestAlgorithm: identifiers.digest,
      signatureAlgorithm: identifiers.signature,
      algorithm: signatureAlgorithm(algorithm),
    };
    byAlgorithm.set(algorithm.id, parts);
  }
  return parts;
}

function der(value: { toSchema(): { toBER(sizeOnly?: boolean): ArrayBuffer } }): Buffer {
  return Buffer.from(value.toSchema().toBER(false));
}
