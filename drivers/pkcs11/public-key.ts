import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier, SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import { id_ecPublicKey } from '@peculiar/asn1-ecc';
import { id_rsaEncryption, RSAPublicKey } from '@peculiar/asn1-rsa';
import { encodeCurve } from './ec-params.js';

/**
 * SubjectPublicKeyInfo (DER) for an EC public key object. CKA_EC_POINT is, per PKCS#11 2.40,
 * the DER OCTET STRING around the uncompressed point; some modules give the bare point, so both
 * are accepted.
 */
export function ecSpki(curveOid: string, ecPoint: Buffer, fieldBytes: number): Buffer {
  // An uncompressed point is 04‖X‖Y, 2·fieldBytes + 1 bytes; anything else is the DER-wrapped form.
  const point = ecPoint.length === 2 * fieldBytes + 1 ? ecPoint : Buffer.from(AsnConvert.parse(ecPoint, OctetString).buffer);
  const spki = new SubjectPublicKeyInfo({
    algorithm: new AlgorithmIdentifier({
      algorithm: id_ecPublicKey,
      parameters: new Uint8Array(encodeCurve(curveOid)).buffer,
    }),
    subjectPublicKey: new Uint8Array(point).buffer,
  });
  return Buffer.from(AsnConvert.serialize(spki));
}

export function rsaSpki(modulus: Buffer, publicExponent: Buffer): Buffer {
  const rsaKey = new RSAPublicKey({
    modulus: new Uint8Array(unsignedInteger(modulus)).buffer,
    publicExponent: new Uint8Array(unsignedInteger(publicExponent)).buffer,
  });
  const spki = new SubjectPublicKeyInfo({
    algorithm: new AlgorithmIdentifier({ algorithm: id_rsaEncryption, parameters: null }),
    subjectPublicKey: AsnConvert.serialize(rsaKey),
  });
  return Buffer.from(AsnConvert.serialize(spki));
}

/** DER INTEGER content for an unsigned big-endian number: a 0x00 in front when the top bit is set. */
export function unsignedInteger(bytes: Uint8Array): Buffer {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  const trimmed = Buffer.from(bytes.subarray(start));
  return (trimmed[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed;
}
