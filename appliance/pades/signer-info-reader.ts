import * as asn1js from 'asn1js';
import { AlgorithmIdentifier, Attribute, IssuerAndSerialNumber, SignedAndUnsignedAttributes, SignerInfo } from 'pkijs';
import { OID } from './algorithms.js';
import { childrenOf, contentOf, encodingOf, type Tlv } from './der.js';
import { parsedPart } from './parsed-part-cache.js';

const MESSAGE_DIGEST_OID = Buffer.from(new asn1js.ObjectIdentifier({ value: OID.messageDigest }).toBER(false));

/**
 * One SignerInfo of a SignedData, as pkijs's SignerInfo. Its fields are found as DER; the ones a
 * seal repeats on every signature come from the parsed-part cache, the message digest and the
 * signature are read fresh, and each part is still parsed by its pkijs class. A SignerInfo of
 * another shape (a subject-key-identifier sid, unexpected fields) is parsed by pkijs whole.
 */
export function readSignerInfo(der: Uint8Array, item: Tlv): SignerInfo {
  const fields = childrenOf(der, item);
  const plain = fields && plainFields(fields);
  if (!plain) return SignerInfo.fromBER(encodingOf(der, item));
  const { version, sid, digestAlgorithm, signedAttrs, signatureAlgorithm, signature, unsignedAttrs } = plain;
  return new SignerInfo({
    version: der[version.contentStart]!,
    sid: parsedPart('sid', encodingOf(der, sid), (b) => IssuerAndSerialNumber.fromBER(b)),
    digestAlgorithm: parsedPart('algorithm', encodingOf(der, digestAlgorithm), (b) => AlgorithmIdentifier.fromBER(b)),
    ...(signedAttrs ? { signedAttrs: readSignedAttributes(der, signedAttrs) } : {}),
    signatureAlgorithm: parsedPart('algorithm', encodingOf(der, signatureAlgorithm), (b) => AlgorithmIdentifier.fromBER(b)),
    signature: new asn1js.OctetString({ valueHex: contentOf(der, signature) }),
    ...(unsignedAttrs ? { unsignedAttrs: new SignedAndUnsignedAttributes({ type: 1, schema: asn1js.fromBER(encodingOf(der, unsignedAttrs)).result }) } : {}),
  });
}

interface PlainFields {
  version: Tlv;
  sid: Tlv;
  digestAlgorithm: Tlv;
  signedAttrs: Tlv | undefined;
  signatureAlgorithm: Tlv;
  signature: Tlv;
  unsignedAttrs: Tlv | undefined;
}

/** version, IssuerAndSerialNumber, digestAlgorithm, [0] signedAttrs?, signatureAlgorithm, signature, [1] unsignedAttrs? */
function plainFields(fields: Tlv[]): PlainFields | undefined {
  const [version, sid, digestAlgorithm, ...rest] = fields;
  const signedAttrs = rest[0]?.tag === 0xa0 ? rest.shift() : undefined;
  const [signatureAlgorithm, signature, unsignedAttrs, ...extra] = rest;
  if (!version || !sid || !digestAlgorithm || !signatureAlgorithm || !signature || extra.length) return undefined;
  if (version.tag !== 0x02 || version.end - version.contentStart !== 1) return undefined;
  if (sid.tag !== 0x30 || digestAlgorithm.tag !== 0x30 || signatureAlgorithm.tag !== 0x30 || signature.tag !== 0x04) return undefined;
  if (unsignedAttrs && unsignedAttrs.tag !== 0xa1) return undefined;
  return { version, sid, digestAlgorithm, signedAttrs, signatureAlgorithm, signature, unsignedAttrs };
}

/** The signed attributes, and the DER SET the signature was made over (the received bytes, tag 0x31). */
function readSignedAttributes(der: Uint8Array, field: Tlv): SignedAndUnsignedAttributes {
  const items = childrenOf(der, field) ?? [];
  const attributes = items.map((item) => {
    const bytes = encodingOf(der, item);
    const type = childrenOf(der, item)?.[0];
    // the message digest differs on every document: not worth keeping
    const digest = type !== undefined && encodingOf(der, type).equals(MESSAGE_DIGEST_OID);
    return digest ? Attribute.fromBER(bytes) : parsedPart('attribute', bytes, (b) => Attribute.fromBER(b));
  });
  if (attributes.length === 0) throw new Error('Wrong structure of SignedUnsignedAttributes');
  const signed = new SignedAndUnsignedAttributes({ type: 0, attributes });
  const encoded = new Uint8Array(encodingOf(der, field));
  encoded[0] = 0x31;
  signed.encodedValue = encoded.buffer;
  return signed;
}
