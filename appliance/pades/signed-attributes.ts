import * as asn1js from 'asn1js';
import { Attribute } from 'pkijs';
import { OID, type HashName } from './algorithms.js';
import type { ParsedCertificate } from './certificates.js';
import { signingCertificateV2 } from './signing-certificate-v2.js';

/**
 * The signed attributes of a PAdES baseline B-B signature, exactly: content-type (id-data),
 * message-digest and one signing-certificate-v2. No signing-time: the PDF's /M carries the
 * claimed time (ETSI EN 319 142-1 §6.3).
 */
export function baselineSignedAttributes(messageDigest: Uint8Array, signer: ParsedCertificate, hash: HashName): Attribute[] {
  return derOrdered([
    new Attribute({ type: OID.contentType, values: [new asn1js.ObjectIdentifier({ value: OID.data })] }),
    new Attribute({ type: OID.messageDigest, values: [new asn1js.OctetString({ valueHex: messageDigest })] }),
    signingCertificateV2(signer.pkijs, signer.der, hash),
  ]);
}

/**
 * RFC 5652 §5.4 signs the DER of the signed attributes, and a DER SET OF is sorted by the
 * elements' encodings (X.690 §11.6). OpenSSL and NSS check the bytes as received, but a
 * verifier that re-encodes the parsed set (as DER demands) would fail an unsorted one.
 */
export function derOrdered(attributes: Attribute[]): Attribute[] {
  const encoded = attributes.map((attribute) => ({ attribute, der: Buffer.from(attribute.toSchema().toBER(false)) }));
  encoded.sort((a, b) => compareDer(a.der, b.der));
  return encoded.map((e) => e.attribute);
}

function compareDer(a: Buffer, b: Buffer): number {
  // the shorter encoding is compared as if padded with trailing zero octets
  const length = Math.max(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const diff = (a[i] ?? 0) - (b[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

/** The DER the signature is made over: the attributes as a SET (tag 0x31), not the [0] IMPLICIT field. */
export function signedAttributesDer(attributes: Attribute[]): Buffer {
  return Buffer.from(new asn1js.Set({ value: attributes.map((a) => a.toSchema()) }).toBER(false));
}
