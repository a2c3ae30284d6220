import { createHash } from 'node:crypto';
import { ECParameters, id_ecPublicKey } from '@peculiar/asn1-ecc';
import { AsnConvert, AsnParser } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';
import { SM2_CURVE_OID } from '../../drivers/pkcs11/sm2.js';

/**
 * What verifying an e-seal needs from an SM2 certificate: its public key point and validity. The
 * SPKI is id-ecPublicKey with the SM2 curve as parameter (GM/T 0015); some early issuers put the
 * SM2 OID itself as the algorithm, which is read the same.
 */
export interface Sm2Certificate {
  /** 04‖x‖y, 65 bytes. */
  publicKey: Buffer;
  notBefore: Date;
  notAfter: Date;
  subject: string;
}

// a seal's maker and signer certificates come back with every stamp: read once, kept by their SHA-256
const CACHE_SIZE = 64;
const read = new Map<string, Readonly<Sm2Certificate> | { error: string }>();

/** The certificate's SM2 key and validity, or a reason it has none (never a throw). */
export function readSm2Certificate(der: Uint8Array): Sm2Certificate | { error: string } {
  const key = createHash('sha256').update(der).digest('base64');
  let result = read.get(key);
  if (!result) {
    result = readUncached(der);
    if (read.size >= CACHE_SIZE) read.delete(read.keys().next().value!);
    read.set(key, result);
  }
  return 'error' in result ? { ...result } : { ...result, publicKey: Buffer.from(result.publicKey) };
}

function readUncached(der: Uint8Array): Sm2Certificate | { error: string } {
  let certificate: Certificate;
  try {
    certificate = AsnParser.parse(der, Certificate);
  } catch {
    return { error: 'the certificate cannot be read as X.509' };
  }
  const tbs = certificate.tbsCertificate;
  const { algorithm, parameters } = tbs.subjectPublicKeyInfo.algorithm;
  const curve = curveOf(parameters);
  const sm2 = algorithm === SM2_CURVE_OID || (algorithm === id_ecPublicKey && curve === SM2_CURVE_OID);
  if (!sm2) return { error: `the certificate's key is not SM2 (${algorithm}${curve ? ` ${curve}` : ''})` };
  const point = Buffer.from(tbs.subjectPublicKeyInfo.subjectPublicKey);
  if (point.length !== 65 || point[0] !== 0x04) return { error: 'the certificate\'s SM2 key is not an uncompressed point' };
  return {
    publicKey: point,
    notBefore: tbs.validity.notBefore.getTime(),
    notAfter: tbs.validity.notAfter.getTime(),
    subject: tbs.subject.map((rdn) => rdn.map((atv) => `${atv.type}=${atv.value.toString()}`).join('+')).join(', '),
  };
}

function curveOf(parameters: ArrayBuffer | null | undefined): string | undefined {
  if (!parameters) return undefined;
  try {
    return AsnConvert.parse(parameters, ECParameters).namedCurve;
  } catch {
    return undefined;
  }
}
