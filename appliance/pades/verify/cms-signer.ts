import type * as asn1js from 'asn1js';
import { Certificate, IssuerAndSerialNumber, type SignedData, type SignerInfo } from 'pkijs';
import { signatureAlgorithmOfOid } from '../../../drivers/pkcs11/signature-algorithms.js';
import { digest, hashOfOid, OID, checkSignatureValue, type HashName } from '../algorithms.js';
import { parsedOf, type ParsedCertificate } from '../certificates.js';

/** A SignedData's one SignerInfo with what is needed to check it. */
export interface SignerView {
  signedData: SignedData;
  signerInfo: SignerInfo;
  /** The certificates carried in the CMS. */
  certificates: ParsedCertificate[];
  /** The certificate the SignerInfo names, from the CMS or from `extra`. */
  signer: ParsedCertificate | undefined;
  hash: HashName | 'sha512' | undefined;
}

export function signerView(signedData: SignedData, extra: ParsedCertificate[] = []): SignerView {
  const certificates = (signedData.certificates ?? [])
    .filter((c): c is Certificate => c instanceof Certificate)
    .map(parsedOf);
  const signerInfo = signedData.signerInfos[0]!;
  const sid = signerInfo.sid;
  const signer = [...certificates, ...extra].find((c) =>
    sid instanceof IssuerAndSerialNumber
      ? c.pkijs.issuer.isEqual(sid.issuer) && c.pkijs.serialNumber.isEqual(sid.serialNumber)
      : subjectKeyIdMatches(c, sid as asn1js.OctetString),
  );
  return { signedData, signerInfo, certificates, signer, hash: hashOfOid(signerInfo.digestAlgorithm.algorithmId) };
}

function subjectKeyIdMatches(certificate: ParsedCertificate, keyId: asn1js.OctetString): boolean {
  const ski = certificate.pkijs.extensions?.find((e) => e.extnID === '2.5.29.14');
  return ski !== undefined && Buffer.from(ski.extnValue.valueBlock.valueHexView).subarray(2).equals(Buffer.from(keyId.valueBlock.valueHexView));
}

/** The values of a signed (or unsigned) attribute, [] when absent. */
export function attributeValues(signerInfo: SignerInfo, oid: string, unsigned = false): asn1js.AsnType[][] {
  const attributes = (unsigned ? signerInfo.unsignedAttrs : signerInfo.signedAttrs)?.attributes ?? [];
  return attributes.filter((a) => a.type === oid).map((a) => a.values as asn1js.AsnType[]);
}

/** The message-digest attribute equals the digest of the content. */
export function messageDigestMatches(view: SignerView, content: Buffer[]): boolean {
  if (!view.hash) return false;
  const values = attributeValues(view.signerInfo, OID.messageDigest);
  const value = values.length === 1 && values[0]!.length === 1 ? (values[0]![0] as asn1js.OctetString) : undefined;
  if (!value?.valueBlock?.valueHexView) return false;
  return Buffer.from(value.valueBlock.valueHexView).equals(digest(Buffer.concat(content), view.hash));
}

/** The SignerInfo's signature over the DER signed attributes verifies with the signer's key. */
export function signatureVerifies(view: SignerView): boolean {
  const signedAttrs = view.signerInfo.signedAttrs;
  if (!view.signer || !view.hash || !signedAttrs) return false;
  return checkSignatureValue({
    algorithm: view.signerInfo.signatureAlgorithm,
    digestHash: view.hash,
    // the attributes exactly as they came, with the [0] tag turned into SET (RFC 5652 §5.4)
    data: new Uint8Array(signedAttrs.encodedValue),
    signature: view.signerInfo.signature.valueBlock.valueHexView,
    key: view.signer.node.publicKey,
  });
}

/**
 * The SignerInfo's signature algorithm as the report names it: the table's id (`sm2-sm3`,
 * `ecdsa-sha256`, …), `rsa-pkcs1-<hash>` for rsaEncryption with its digest's hash, else the OID.
 */
export function signatureAlgorithmName(view: SignerView): string {
  const oid = view.signerInfo.signatureAlgorithm.algorithmId;
  if (oid === OID.rsaEncryption) return view.hash ? `rsa-pkcs1-${view.hash}` : oid;
  if (oid === OID.rsaPss) return 'rsa-pss';
  return signatureAlgorithmOfOid(oid)?.id ?? oid;
}
