import * as asn1js from 'asn1js';
import { Certificate, ContentInfo, SignedData } from 'pkijs';

/**
 * The parts of a signed X.509 object (certificate, CRL, CSR: SEQUENCE { tbs, algorithm, signature })
 * as they are in the file: the bytes signed, the signature algorithm's OID and the signature.
 * Read with asn1js, neither sealdesk's code nor the verifier's, so the check stays independent.
 */
export function signedParts(der: Buffer): { tbs: Buffer; algorithm: string; signature: Buffer } {
  const seq = asn1js.fromBER(der).result as asn1js.Sequence;
  const [tbs, algorithm, signature] = seq.valueBlock.value as [asn1js.Sequence, asn1js.Sequence, asn1js.BitString];
  return {
    tbs: Buffer.from(tbs.valueBeforeDecodeView),
    algorithm: (algorithm.valueBlock.value[0] as asn1js.ObjectIdentifier).valueBlock.toString(),
    signature: Buffer.from(signature.valueBlock.valueHexView),
  };
}

/** The SM2 point (04‖x‖y) of a certificate's SubjectPublicKeyInfo. */
export function certificatePoint(der: Buffer): Buffer {
  return Buffer.from(Certificate.fromBER(der).subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView);
}

/** A CMS SignerInfo's signed attributes as signed (the SET, RFC 5652 §5.4), its algorithms, signature and signer certificate. */
export function cmsParts(cms: Buffer): { signedAttrs: Buffer; digestOid: string; signatureOid: string; signature: Buffer; certificates: Buffer[] } {
  const signedData = new SignedData({ schema: ContentInfo.fromBER(cms).content });
  const signerInfo = signedData.signerInfos[0]!;
  return {
    signedAttrs: Buffer.from(signerInfo.signedAttrs!.encodedValue),
    digestOid: signerInfo.digestAlgorithm.algorithmId,
    signatureOid: signerInfo.signatureAlgorithm.algorithmId,
    signature: Buffer.from(signerInfo.signature.valueBlock.valueHexView),
    certificates: (signedData.certificates ?? []).map((c) => Buffer.from((c as Certificate).toSchema().toBER(false))),
  };
}

/** The CMS itself out of a /Contents value (the DER, without the zero padding after it). */
export function cmsDer(contents: Buffer): Buffer {
  const { offset } = asn1js.fromBER(contents);
  return contents.subarray(0, offset);
}
