import { SM3_WITH_SM2_OID } from '../../../drivers/pkcs11/sm2.js';
import { rawToDer } from '../../../drivers/pkcs11/ecdsa-signature.js';
import * as asn1js from 'asn1js';

/** DER tag-length-value; content as given (the SESeal is embedded exactly as its maker signed it). */
function tlv(tag: number, content: Buffer): Buffer {
  const n = content.length;
  const length = n < 0x80 ? Buffer.from([n]) : n < 0x100 ? Buffer.from([0x81, n]) : n < 0x10000 ? Buffer.from([0x82, n >> 8, n & 0xff]) : Buffer.from([0x83, n >> 16, (n >> 8) & 0xff, n & 0xff]);
  return Buffer.concat([Buffer.from([tag]), length, content]);
}

const sequence = (...items: Buffer[]): Buffer => tlv(0x30, Buffer.concat(items));
const bitString = (bytes: Buffer): Buffer => tlv(0x03, Buffer.concat([Buffer.from([0]), bytes]));
const oid = (value: string): Buffer => Buffer.from(new asn1js.ObjectIdentifier({ value }).toBER(false));

/** GeneralizedTime, whole seconds, UTC. */
function generalizedTime(time: Date): Buffer {
  return tlv(0x18, Buffer.from(`${time.toISOString().slice(0, 19).replace(/[-T:]/g, '')}Z`, 'ascii'));
}

export interface TbsSignV4 {
  /** The SESeal as its maker made it (DER). */
  eseal: Buffer;
  timeInfo: Date;
  /** SM3 of the protected file (OFD: Signature.xml). */
  dataHash: Buffer;
  /** Where the protected file is (OFD: Signature.xml's absolute location). */
  propertyInfo: string;
}

/** DER(TBS_Sign) of GB/T 38540 version 4: what the signer's SM2 key signs. */
export function encodeTbsSignV4(tbs: TbsSignV4): Buffer {
  return sequence(tlv(0x02, Buffer.from([4])), tbs.eseal, generalizedTime(tbs.timeInfo), bitString(tbs.dataHash), tlv(0x16, Buffer.from(tbs.propertyInfo, 'ascii')));
}

/** DER(SES_Signature) v4 around a signed TBS_Sign: the signer's certificate, SM3withSM2, the DER SM2 signature. */
export function encodeSesSignatureV4(tbsDer: Buffer, signerCert: Buffer, signature: Buffer): Buffer {
  // GB/T 38540 writes the SM2 signature as DER SM2Signature; a token's r‖s is re-encoded
  const der = signature.length === 64 ? rawToDer(signature) : signature;
  return sequence(tbsDer, tlv(0x04, signerCert), oid(SM3_WITH_SM2_OID), bitString(der));
}
