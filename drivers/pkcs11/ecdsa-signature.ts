import { ECDSASigValue } from '@peculiar/asn1-ecc';
import { AsnConvert } from '@peculiar/asn1-schema';
import { unsignedInteger } from './public-key.js';

/** PKCS#11 CKM_ECDSA returns r‖s, each the curve's byte length; X.509 and CMS want ECDSA-Sig-Value DER. */
export function rawToDer(raw: Buffer): Buffer {
  const half = raw.length / 2;
  const value = new ECDSASigValue({
    r: new Uint8Array(unsignedInteger(raw.subarray(0, half))).buffer,
    s: new Uint8Array(unsignedInteger(raw.subarray(half))).buffer,
  });
  return Buffer.from(AsnConvert.serialize(value));
}

export function derToRaw(der: Buffer, size: number): Buffer {
  const value = AsnConvert.parse(der, ECDSASigValue);
  const fit = (n: ArrayBuffer) => {
    const bytes = unsignedInteger(new Uint8Array(n));
    const trimmed = bytes[0] === 0 ? bytes.subarray(1) : bytes;
    return Buffer.concat([Buffer.alloc(size - trimmed.length), trimmed]);
  };
  return Buffer.concat([fit(value.r), fit(value.s)]);
}
