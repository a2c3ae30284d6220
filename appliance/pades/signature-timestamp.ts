import * as asn1js from 'asn1js';
import { Attribute, SignedAndUnsignedAttributes } from 'pkijs';
import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';
import { digest, hashOfOid, OID, type HashName } from './algorithms.js';
import { decodeSignedData, encodeSignedData } from './signed-data.js';
import { requestTimestamp, type RequestTimestampOptions } from './timestamp-request.js';

/**
 * PAdES B-T: stamps the SignerInfo's signature value at a TSA and adds the token as the unsigned
 * attribute signatureTimeStampToken (RFC 3161 appendix A; ETSI EN 319 122-1 §5.3). The signed
 * part of the CMS is left byte for byte as it was.
 */
export async function addSignatureTimestamp(cms: Buffer, tsaUrl: string, options: RequestTimestampOptions & { hash?: HashName } = {}): Promise<Buffer> {
  const signedData = decodeSignedData(cms);
  const signerInfo = signedData.signerInfos[0];
  if (!signerInfo || signedData.signerInfos.length !== 1) throw new SealdeskError('CMS_MALFORMED', { reason: 'PAdES needs exactly one SignerInfo', reasonZh: 'PAdES 要求有且只有一个 SignerInfo' });
  const signerHash = hashOfOid(signerInfo.digestAlgorithm.algorithmId);
  const hash = options.hash ?? (signerHash === 'sha384' ? 'sha384' : 'sha256');
  const signatureValue = Buffer.from(signerInfo.signature.valueBlock.valueHexView);
  const { token } = await requestTimestamp(tsaUrl, digest(signatureValue, hash), hash, options);

  const attribute = new Attribute({ type: OID.signatureTimeStampToken, values: [asn1js.fromBER(token).result] });
  const others = (signerInfo.unsignedAttrs?.attributes ?? []).filter((a) => a.type !== OID.signatureTimeStampToken);
  signerInfo.unsignedAttrs = new SignedAndUnsignedAttributes({ type: 1, attributes: [...others, attribute] });
  return encodeSignedData(signedData);
}
