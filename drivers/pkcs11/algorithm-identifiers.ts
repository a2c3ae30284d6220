import { id_mgf1, RsaSaPssParams } from '@peculiar/asn1-rsa';
import { AsnConvert } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier } from '@peculiar/asn1-x509';
import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';
import type { SignatureAlgorithm } from './signature-algorithms.js';

/** The two AlgorithmIdentifiers of a table entry as DER, for X.509, PKCS#10 and CMS alike. */
export interface AlgorithmIdentifiersDer {
  /** Digest AlgorithmIdentifier, parameters absent (RFC 5754 §2: implementations should omit them). */
  readonly digest: Buffer;
  readonly signature: Buffer;
}

const made = new Map<string, AlgorithmIdentifiersDer>();

/** MECHANISM_UNSUPPORTED for an algorithm with no X.509 form (the chain's keccak): it cannot sign a certificate or a CMS. */
export function algorithmIdentifiersDer(algorithm: SignatureAlgorithm): AlgorithmIdentifiersDer {
  let der = made.get(algorithm.id);
  if (der) return der;
  const x509 = algorithm.x509;
  if (!x509) throw new SealdeskError('MECHANISM_UNSUPPORTED', { mechanism: `${algorithm.id} in a certificate or CMS` });
  const hashWithNull = new AlgorithmIdentifier({ algorithm: x509.digestOid, parameters: null });
  let parameters: ArrayBuffer | null | undefined;
  if (x509.parameters === 'null') parameters = null;
  if (x509.parameters === 'pss') {
    const pss = new RsaSaPssParams({
      hashAlgorithm: hashWithNull,
      maskGenAlgorithm: new AlgorithmIdentifier({ algorithm: id_mgf1, parameters: AsnConvert.serialize(hashWithNull) }),
      saltLength: algorithm.saltLength!,
    });
    parameters = AsnConvert.serialize(pss);
  }
  der = {
    digest: Buffer.from(AsnConvert.serialize(new AlgorithmIdentifier({ algorithm: x509.digestOid }))),
    signature: Buffer.from(AsnConvert.serialize(new AlgorithmIdentifier({ algorithm: x509.signatureOid, ...(parameters !== undefined ? { parameters } : {}) }))),
  };
  made.set(algorithm.id, der);
  return der;
}

/** The signature AlgorithmIdentifier as @peculiar/asn1-x509 holds it (certificates, CRLs, CSRs). */
export function signatureAlgorithmIdentifier(algorithm: SignatureAlgorithm): AlgorithmIdentifier {
  return AsnConvert.parse(algorithmIdentifiersDer(algorithm).signature, AlgorithmIdentifier);
}
