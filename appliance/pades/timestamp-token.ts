import type * as asn1js from 'asn1js';
import { TSTInfo, type SignedData } from 'pkijs';
import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';
import { OID } from './algorithms.js';
import { decodeSignedData } from './signed-data.js';

/** An RFC 3161 TimeStampToken: a SignedData whose content is a TSTInfo. */
export interface TimestampToken {
  der: Buffer;
  signedData: SignedData;
  /** The DER TSTInfo, what the TSA's message-digest attribute covers. */
  tstInfoDer: Buffer;
  tstInfo: TSTInfo;
}

export function decodeTimestampToken(der: Uint8Array): TimestampToken {
  const signedData = decodeSignedData(der);
  try {
    if (signedData.encapContentInfo.eContentType !== OID.tstInfo) throw new Error('the content is not a TSTInfo');
    const eContent = signedData.encapContentInfo.eContent;
    if (!eContent) throw new Error('the TSTInfo is missing');
    const tstInfoDer = octets(eContent);
    return { der: Buffer.from(der), signedData, tstInfoDer, tstInfo: TSTInfo.fromBER(tstInfoDer) };
  } catch (error) {
    throw new SealdeskError('TIMESTAMP_INVALID', { reason: (error as Error).message }, { cause: error });
  }
}

/** An OCTET STRING's content, also when BER splits it into pieces. */
function octets(value: asn1js.OctetString): Buffer {
  if (!value.idBlock.isConstructed) return Buffer.from(value.valueBlock.valueHexView);
  return Buffer.concat(value.valueBlock.value.map((piece) => octets(piece as asn1js.OctetString)));
}
