import * as asn1js from 'asn1js';
import { Attribute } from 'pkijs';
import { OID, type HashName } from './algorithms.js';
import type { ParsedCertificate } from './certificates.js';
import { tlv } from './der.js';
import { signingCertificateV2 } from './signing-certificate-v2.js';

const CONTENT_TYPE_DATA = Buffer.from(new Attribute({ type: OID.contentType, values: [new asn1js.ObjectIdentifier({ value: OID.data })] }).toSchema().toBER(false));
const MESSAGE_DIGEST_OID = Buffer.from(new asn1js.ObjectIdentifier({ value: OID.messageDigest }).toBER(false));
// the same for every document a seal stamps: encoded once per certificate and hash
const signingCertificates = new WeakMap<ParsedCertificate, Map<HashName, Buffer>>();

/**
 * The signed attributes of a PAdES baseline B-B signature, exactly: content-type (id-data),
 * message-digest and one signing-certificate-v2, as the DER SET the signature is made over
 * (RFC 5652 §5.4: tag 0x31, not the [0] IMPLICIT of the SignerInfo field). No signing-time:
 * the PDF's /M carries the claimed time (ETSI EN 319 142-1 §6.3).
 */
export function baselineSignedAttributesDer(messageDigest: Uint8Array, signer: ParsedCertificate, hash: HashName): Buffer {
  let byHash = signingCertificates.get(signer);
  if (!byHash) signingCertificates.set(signer, (byHash = new Map()));
  let signingCertificate = byHash.get(hash);
  if (!signingCertificate) byHash.set(hash, (signingCertificate = Buffer.from(signingCertificateV2(signer.pkijs, signer.der, hash).toSchema().toBER(false))));
  const digest = tlv(0x30, MESSAGE_DIGEST_OID, tlv(0x31, tlv(0x04, messageDigest)));
  return tlv(0x31, ...derOrdered([CONTENT_TYPE_DATA, digest, signingCertificate]));
}

/**
 * A DER SET OF is sorted by the elements' encodings (X.690 §11.6). OpenSSL and NSS check the
 * bytes as received, but a verifier that re-encodes the parsed set (as DER demands) would fail
 * an unsorted one.
 */
export function derOrdered(encodings: Buffer[]): Buffer[] {
  return [...encodings].sort(compareDer);
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
