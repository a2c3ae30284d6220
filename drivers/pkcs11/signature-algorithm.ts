import { id_ecdsaWithSHA256, id_ecdsaWithSHA384 } from '@peculiar/asn1-ecc';
import {
  id_mgf1,
  id_RSASSA_PSS,
  id_sha256WithRSAEncryption,
  id_sha384WithRSAEncryption,
  RsaSaPssParams,
  sha256,
  sha384,
} from '@peculiar/asn1-rsa';
import { AsnConvert } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier } from '@peculiar/asn1-x509';
import type { KeyType } from './key-types.js';
import type { HashName, SignScheme } from './signing.js';

/** The scheme and hash a key signs with unless told otherwise. */
export function defaultSigning(type: KeyType | 'unknown', algorithm: 'ec' | 'rsa' | 'other'): { scheme: SignScheme; hash: HashName } {
  if (algorithm === 'rsa') return { scheme: 'rsa-pkcs1', hash: 'sha256' };
  return { scheme: 'ecdsa', hash: type === 'ec-p384' ? 'sha384' : 'sha256' };
}

/** AlgorithmIdentifier for a signature in X.509 / PKCS#10 / CMS (RFC 5758, RFC 4055). */
export function signatureAlgorithm(scheme: SignScheme, hash: HashName): AlgorithmIdentifier {
  switch (scheme) {
    case 'ecdsa':
      return new AlgorithmIdentifier({ algorithm: hash === 'sha256' ? id_ecdsaWithSHA256 : id_ecdsaWithSHA384 });
    case 'rsa-pkcs1':
      return new AlgorithmIdentifier({
        algorithm: hash === 'sha256' ? id_sha256WithRSAEncryption : id_sha384WithRSAEncryption,
        parameters: null,
      });
    case 'rsa-pss': {
      const hashAlgorithm = hash === 'sha256' ? sha256 : sha384;
      const params = new RsaSaPssParams({
        hashAlgorithm,
        maskGenAlgorithm: new AlgorithmIdentifier({ algorithm: id_mgf1, parameters: AsnConvert.serialize(hashAlgorithm) }),
        saltLength: hash === 'sha256' ? 32 : 48,
      });
      return new AlgorithmIdentifier({ algorithm: id_RSASSA_PSS, parameters: AsnConvert.serialize(params) });
    }
  }
}
