import { ECParameters } from '@peculiar/asn1-ecc';
import { AsnConvert } from '@peculiar/asn1-schema';

/** CKA_EC_PARAMS for a named curve: the DER of ECParameters' namedCurve choice (an OID). */
export function encodeCurve(curveOid: string): Buffer {
  return Buffer.from(AsnConvert.serialize(new ECParameters({ namedCurve: curveOid })));
}

/** The named curve's OID in CKA_EC_PARAMS, or undefined for explicit parameters / garbage. */
export function decodeCurve(params: Buffer): string | undefined {
  try {
    return AsnConvert.parse(params, ECParameters).namedCurve;
  } catch {
    return undefined;
  }
}
