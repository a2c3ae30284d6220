import * as asn1js from 'asn1js';
import { AlgorithmIdentifier, EncapsulatedContentInfo, SignedData } from 'pkijs';
import { OID } from './algorithms.js';
import { parseCertificate } from './certificates.js';
import { childrenOf, encodingOf, readTlv, type Tlv } from './der.js';
import { parsedPart } from './parsed-part-cache.js';
import { readSignerInfo } from './signer-info-reader.js';

const SIGNED_DATA_OID = Buffer.from(new asn1js.ObjectIdentifier({ value: OID.signedData }).toBER(false));

/**
 * A DER ContentInfo holding SignedData, read without running the whole CMS through asn1js and
 * pkijs's SignedData schema (~3 ms a signature, mostly certificates pkijs would parse only for
 * them to be parsed again): the envelope is walked as DER here, each certificate comes from the
 * DER-keyed certificate cache, and pkijs parses each smaller part with its own class and schema
 * (digest algorithms, encapsulated content, the SignerInfo's fields), so they are checked as before.
 * Undefined when the input is not that plain shape (BER, CRLs or other certificate formats
 * inside, trailing bytes, an unexpected field): the caller then takes the full pkijs path,
 * which accepts or refuses it as it always did. Throws only what pkijs throws for a bad part.
 */
export function readSignedData(der: Uint8Array): SignedData | undefined {
  const contentInfo = readTlv(der, 0);
  if (!contentInfo || contentInfo.tag !== 0x30 || contentInfo.end !== der.length) return undefined;
  const [type, explicit, ...rest] = childrenOf(der, contentInfo) ?? [];
  if (!type || !explicit || rest.length || !encodingOf(der, type).equals(SIGNED_DATA_OID) || explicit.tag !== 0xa0) return undefined;
  const [body, ...more] = childrenOf(der, explicit) ?? [];
  if (!body || more.length || body.tag !== 0x30) return undefined;
  const fields = childrenOf(der, body);
  if (!fields) return undefined;
  const [version, digestAlgorithms, encapContentInfo] = fields;
  const signerInfos = fields.at(-1);
  const certificates = fields.length === 5 ? fields[3] : undefined;
  if (fields.length !== 4 && fields.length !== 5) return undefined;
  if (version?.tag !== 0x02 || version.end - version.contentStart !== 1 || der[version.contentStart]! > 0x7f) return undefined;
  if (digestAlgorithms?.tag !== 0x31 || encapContentInfo?.tag !== 0x30 || signerInfos?.tag !== 0x31) return undefined;
  if (certificates && certificates.tag !== 0xa0) return undefined;

  const digestItems = sequencesIn(der, digestAlgorithms);
  const signerItems = sequencesIn(der, signerInfos);
  const certificateItems = certificates ? sequencesIn(der, certificates) : [];
  if (!digestItems || !signerItems || !certificateItems) return undefined;
  return new SignedData({
    version: der[version.contentStart]!,
    digestAlgorithms: digestItems.map((item) => parsedPart('algorithm', encodingOf(der, item), (b) => AlgorithmIdentifier.fromBER(b))),
    encapContentInfo: EncapsulatedContentInfo.fromBER(encodingOf(der, encapContentInfo)),
    ...(certificates ? { certificates: certificateItems.map((item) => parseCertificate(encodingOf(der, item)).pkijs) } : {}),
    signerInfos: signerItems.map((item) => readSignerInfo(der, item)),
  });
}

/** The elements of a SET / [0] that must all be SEQUENCEs; undefined otherwise. */
function sequencesIn(der: Uint8Array, parent: Tlv): Tlv[] | undefined {
  const items = childrenOf(der, parent);
  return items?.every((item) => item.tag === 0x30) ? items : undefined;
}
