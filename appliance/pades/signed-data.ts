import * as asn1js from 'asn1js';
import { ContentInfo, EncapsulatedContentInfo, SignedData } from 'pkijs';
import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';
import type { SealSigner } from '../../drivers/pkcs11/seal-signer.js';
import { HASHES } from '../../drivers/pkcs11/signature-algorithms.js';
import { OID, checkSignatureValue } from './algorithms.js';
import { parseCertificate } from './certificates.js';
import { tlv } from './der.js';
import { baselineSignedAttributesDer } from './signed-attributes.js';
import { readSignedData } from './signed-data-reader.js';
import { signerParts } from './signer-parts.js';

export interface BuildSignedDataParameters {
  /** The digest of the PDF's byte ranges (or of any detached content), made with the signer's algorithm's hash. */
  digest: Buffer;
  /** DER or PEM. */
  signerCertificate: Buffer;
  /** Intermediate CA certificates (and the root, if wanted), DER or PEM, carried in the CMS. */
  chain?: Buffer[];
  /** Signs the digest of the DER signed attributes; its algorithm names the digest and signature algorithms. */
  signer: SealSigner;
}

export type BuildSignedDataReturnType = Buffer;

const VERSION_1 = Buffer.from([0x02, 0x01, 0x01]);
const SIGNED_DATA_OID = Buffer.from(new asn1js.ObjectIdentifier({ value: OID.signedData }).toBER(false));
const ID_DATA_CONTENT = Buffer.from(new EncapsulatedContentInfo({ eContentType: OID.data }).toSchema().toBER(false));

/**
 * A detached CMS SignedData for PAdES baseline B-B (ETSI EN 319 142-1 / EN 319 122-1):
 * one SignerInfo, content-type id-data, message-digest, one signing-certificate-v2, no
 * signing-time, the signer certificate and chain inside. The signature is made by `sign` (the
 * token) over the hash of the DER signed attributes, and checked against the certificate before
 * it is returned so a certificate that does not belong to the key never leaves the appliance.
 * The parts pkijs encodes are the same for every document of a seal and kept (signer-parts.ts);
 * the per-document envelope is written as DER here, the certificates as the bytes they are:
 * pkijs took ~1.3 ms a document re-encoding them. The bytes are those pkijs writes (tested).
 */
export async function buildSignedData(parameters: BuildSignedDataParameters): Promise<BuildSignedDataReturnType> {
  const { cms, check } = await buildSignedDataCheckedLater(parameters);
  check();
  return cms;
}

/** The CMS and the check of its signature against the certificate that buildSignedData makes at once. */
export interface SignedDataToCheck {
  readonly cms: Buffer;
  /** CERT_KEY_MISMATCH when the token's signature does not verify with the certificate's key. */
  check(): void;
}

/**
 * buildSignedData with its signature check left to the caller, who must run it before the CMS
 * leaves the appliance: a stamp runs it while the disk flushes the output, before the rename
 * that makes the output appear.
 */
export async function buildSignedDataCheckedLater(parameters: BuildSignedDataParameters): Promise<SignedDataToCheck> {
  const { digest, signer: key } = parameters;
  const { hash } = key.algorithm;
  const { length } = HASHES[hash];
  const signer = parseCertificate(parameters.signerCertificate);
  // MECHANISM_UNSUPPORTED here for an algorithm with no CMS form (the chain's keccak)
  const parts = signerParts(signer, key.algorithm);
  if (digest.length !== length) {
    throw new SealdeskError('INPUT_INVALID', { reason: `a ${hash} digest has ${length} bytes`, reasonZh: `${hash} 摘要应为 ${length} 字节` });
  }
  const chain = (parameters.chain ?? []).map(parseCertificate).filter((c) => !c.der.equals(signer.der));

  const toBeSigned = baselineSignedAttributesDer(digest, signer, hash);
  // sign(), not signDigest(hash(…)): an algorithm whose digest needs the key (SM2's Z) makes it in the signer
  const signature = await key.sign(toBeSigned);
  const check = () => {
    const sm2Id = key.sm2Id === undefined ? {} : { sm2Id: key.sm2Id };
    if (!checkSignatureValue({ algorithm: parts.algorithm, digestHash: hash, data: toBeSigned, signature, key: signer.node.publicKey, ...sm2Id })) {
      throw new SealdeskError('CERT_KEY_MISMATCH', { key: signer.node.subject.replace(/\n/g, ', ') });
    }
  };
  // signedAttrs [0] IMPLICIT: the signed SET with its tag changed
  const signedAttrs = Buffer.from(toBeSigned);
  signedAttrs[0] = 0xa0;
  const signerInfo = tlv(0x30, VERSION_1, parts.sid, parts.digestAlgorithm, signedAttrs, parts.signatureAlgorithm, tlv(0x04, signature));
  const signedData = tlv(
    0x30,
    VERSION_1,
    tlv(0x31, parts.digestAlgorithm),
    ID_DATA_CONTENT,
    tlv(0xa0, signer.der, ...chain.map((c) => c.der)),
    tlv(0x31, signerInfo),
  );
  return { cms: tlv(0x30, SIGNED_DATA_OID, tlv(0xa0, signedData)), check };
}

/** ContentInfo { id-signedData, SignedData } as DER. */
export function encodeSignedData(signedData: SignedData): Buffer {
  const contentInfo = new ContentInfo({ contentType: OID.signedData, content: signedData.toSchema(true) });
  return Buffer.from(contentInfo.toSchema().toBER(false));
}

/** Parses a CMS ContentInfo holding SignedData; CMS_MALFORMED otherwise. */
export function decodeSignedData(der: Uint8Array): SignedData {
  try {
    const fast = readSignedData(der);
    if (fast) return fast;
    const contentInfo = ContentInfo.fromBER(der);
    if (contentInfo.contentType !== OID.signedData) throw new Error(`content type ${contentInfo.contentType} is not signed-data`);
    // The certificates are taken out of the tree before pkijs reads it and parsed through the
    // certificate cache instead: pkijs would parse each one again for every document (about 2 ms
    // for a seal's chain), while a terminal sees the same few seal and TSA chains all day.
    const certificates = takeCertificates(contentInfo.content);
    const signedData = new SignedData({ schema: contentInfo.content });
    if (certificates) signedData.certificates = certificates.map((c) => parseCertificate(c).pkijs);
    return signedData;
  } catch (error) {
    throw new SealdeskError('CMS_MALFORMED', { reason: (error as Error).message }, { cause: error });
  }
}

/** The CMS without the zero padding a PDF's /Contents placeholder leaves after it. */
export function trimCms(contents: Buffer): Buffer {
  // a definite-length DER SEQUENCE says how long it is: no need to parse it twice (decodeSignedData parses it)
  const length = definiteLength(contents);
  if (length !== undefined && length <= contents.length) return contents.subarray(0, length);
  const parsed = asn1js.fromBER(contents);
  if (parsed.offset === -1) throw new SealdeskError('CMS_MALFORMED', { reason: parsed.result.error || 'not DER' });
  return contents.subarray(0, parsed.offset);
}

/** Header + content length of the DER SEQUENCE at the start of `bytes`, when its length is definite. */
function definiteLength(bytes: Buffer): number | undefined {
  if (bytes[0] !== 0x30 || bytes.length < 2) return undefined;
  const first = bytes[1]!;
  if (first < 0x80) return 2 + first;
  const n = first & 0x7f;
  if (n === 0 || n > 4 || bytes.length < 2 + n) return undefined;
  let length = 0;
  for (let i = 0; i < n; i++) length = length * 256 + bytes[2 + i]!;
  return 2 + n + length;
}

/**
 * Removes SignedData's `certificates [0] IMPLICIT CertificateSet` from the parsed tree and
 * returns each certificate's DER; undefined (tree untouched) when there is none or when the set
 * holds anything but plain X.509 certificates (attribute or other formats go through pkijs).
 */
function takeCertificates(content: unknown): Buffer[] | undefined {
  if (!(content instanceof asn1js.Sequence)) return undefined;
  const items = content.valueBlock.value;
  const at = items.findIndex((item, i) => i >= 3 && item.idBlock.tagClass === 3 && item.idBlock.tagNumber === 0);
  if (at < 0) return undefined;
  const set = items[at]!;
  if (!(set instanceof asn1js.Constructed)) return undefined;
  const certificates = set.valueBlock.value;
  if (!certificates.every((c) => c instanceof asn1js.Sequence && c.valueBeforeDecodeView.length > 0)) return undefined;
  items.splice(at, 1);
  return certificates.map((c) => Buffer.from(c.valueBeforeDecodeView));
}
