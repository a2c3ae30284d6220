import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import { rawToDer } from '../../drivers/pkcs11/ecdsa-signature.js';
import { SM3_WITH_SM2_OID } from '../../drivers/pkcs11/sm2.js';
import { decodeSeal, type SealCertDigest, type SealExtData, type SealPicture } from './eseal.js';
import { malformed } from './der-reader.js';
import { bitString, explicit, generalizedTime, ia5String, octetString, sequence, smallInteger } from './der-writer.js';

/**
 * Writing GB/T 38540-2020 version 4: SESeal (made once by the maker) and SES_Signature (one stamp),
 * laid out as ofdrw writes them, the implementation OFD readers in the field are checked against:
 * SES_SealInfo.extDatas untagged, TBS_Sign.extDatas and timeStamp [0] EXPLICIT, ExtData.critical
 * always written (DEFAULT FALSE would be left out by strict DER, but ofdrw and the vendors' readers
 * take the BOOLEAN unconditionally), SM3withSM2, signatures as DER SM2Signature in the BIT STRING.
 */

/** Signs the given bytes with SM2 (SM3 with Z of the default ID): what a SealSigner's `sign` does. */
export type Sm2Sign = (tbs: Buffer) => Promise<Buffer>;

export interface SealInput {
  /** The maker's identifier in the header (SES_Header.vid). */
  vid: string;
  esID: string;
  /** 1 an organisation's seal, 2 a person's (GB/T 38540 leaves more to the maker). */
  type: number;
  name: string;
  /** The signers' certificates (certListType 1), or their digests (certListType 2). */
  certs?: Buffer[];
  certDigests?: SealCertDigest[];
  createDate: Date;
  validStart: Date;
  validEnd: Date;
  picture: SealPicture;
  extDatas?: SealExtData[];
  /** The maker's certificate (DER), whose key `makerSign` signs with. */
  makerCert: Buffer;
}

const SEAL_VERSION = 4;

/** GeneralizedTime to the second: DER forbids a trailing zero fraction, and the standard wants none. */
function time(date: Date): asn1js.GeneralizedTime {
  return new asn1js.GeneralizedTime({ valueDate: new Date(Math.floor(date.getTime() / 1000) * 1000) });
}

function ia5(value: string): asn1js.IA5String {
  // eslint-disable-next-line no-control-regex
  if (!/^[\x00-\x7f]*$/.test(value)) throw new TypeError(`"${value}" is not IA5 (ASCII) text`);
  return new asn1js.IA5String({ value });
}

function octets(value: Uint8Array): asn1js.OctetString {
  return new asn1js.OctetString({ valueHex: new Uint8Array(value).buffer });
}

function bits(value: Uint8Array): asn1js.BitString {
  return new asn1js.BitString({ valueHex: new Uint8Array(value).buffer });
}

function extDatas(list: SealExtData[]): asn1js.Sequence {
  return new asn1js.Sequence({
    value: list.map(
      (ext) => new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: ext.extnID }), new asn1js.Boolean({ value: ext.critical }), octets(ext.extnValue)] }),
    ),
  });
}

function der(value: { toBER(sizeOnly?: boolean): ArrayBuffer }): Buffer {
  return Buffer.from(value.toBER());
}

/** The signer's signature as DER SM2Signature, whichever of DER or r‖s the key gave. */
function derSignature(signature: Buffer): Buffer {
  return signature.length === 64 ? rawToDer(signature) : signature;
}

/** DER(SES_SealInfo) of `input`: what the maker signs. */
export function encodeSealInfo(input: SealInput): Buffer {
  return der(sealInfoValue(input));
}

function sealInfoValue(input: SealInput): asn1js.Sequence {
  const byDigest = input.certDigests !== undefined;
  if (byDigest === (input.certs !== undefined)) throw new TypeError('a seal names its signers by certs or by certDigests, one of the two');
  const certList = byDigest
    ? input.certDigests!.map((d) => new asn1js.Sequence({ value: [new asn1js.PrintableString({ value: d.type }), octets(d.value)] }))
    : input.certs!.map((cert) => octets(cert));
  const sealInfo = new asn1js.Sequence({
    value: [
      new asn1js.Sequence({ value: [ia5('ES'), new asn1js.Integer({ value: SEAL_VERSION }), ia5(input.vid)] }),
      ia5(input.esID),
      new asn1js.Sequence({
        value: [
          new asn1js.Integer({ value: input.type }),
          new asn1js.Utf8String({ value: input.name }),
          new asn1js.Integer({ value: byDigest ? 2 : 1 }),
          new asn1js.Sequence({ value: certList }),
          time(input.createDate),
          time(input.validStart),
          time(input.validEnd),
        ],
      }),
      new asn1js.Sequence({
        value: [ia5(input.picture.type), octets(input.picture.data), new asn1js.Integer({ value: input.picture.widthMm }), new asn1js.Integer({ value: input.picture.heightMm })],
      }),
      ...(input.extDatas && input.extDatas.length > 0 ? [extDatas(input.extDatas)] : []),
    ],
  });
  return sealInfo;
}

/** SESeal v4: SES_SealInfo signed by the maker (SM3withSM2 over DER(SES_SealInfo)). */
export async function encodeSeal(input: SealInput, makerSign: Sm2Sign): Promise<Buffer> {
  const sealInfo = sealInfoValue(input);
  const signature = derSignature(await makerSign(der(sealInfo)));
  return der(
    new asn1js.Sequence({
      value: [sealInfo, octets(input.makerCert), new asn1js.ObjectIdentifier({ value: SM3_WITH_SM2_OID }), bits(signature)],
    }),
  );
}

export interface SesSignatureInput {
  /** The SESeal (DER) as made by the maker: embedded byte for byte. */
  sealDer: Buffer;
  timeInfo: Date;
  /** SM3 of what is stamped (in OFD, of Signature.xml). */
  dataHash: Buffer;
  /** What is stamped (in OFD, the path of Signature.xml, e.g. /Doc_0/Signs/Sign_0/Signature.xml). */
  propertyInfo: string;
  /** The signer's certificate (DER), one the seal names. */
  signerCert: Buffer;
  extDatas?: SealExtData[];
}

/** DER(TBS_Sign): what the signer signs. The seal must be a version 4 or 5 SESeal; TBS_Sign takes its version. */
export function encodeTbsSign(input: SesSignatureInput): Buffer {
  const version = stampableSealVersion(input.sealDer);
  return sequence(
    smallInteger(version),
    input.sealDer,
    generalizedTime(input.timeInfo),
    bitString(input.dataHash),
    ia5String(input.propertyInfo),
    ...(input.extDatas && input.extDatas.length > 0 ? [explicit(0, der(extDatas(input.extDatas)))] : []),
  );
}

// a batch stamps with one seal: its checks (decoded, DER, v4/v5) are kept by its SHA-256, a few seals at most
const checkedSeals = new Map<string, number>();

/**
 * The seal's version, once it is known to go into a stamp byte for byte: a v4/v5 SESeal whose
 * bytes are DER (asn1js re-encodes what it parsed to the same bytes), so splicing it into TBS_Sign
 * never silently changes what its maker signed. Refused as ESEAL_MALFORMED otherwise.
 */
function stampableSealVersion(sealDer: Buffer): number {
  const key = createHash('sha256').update(sealDer).digest('base64');
  const known = checkedSeals.get(key);
  if (known !== undefined) return known;
  const seal = decodeSeal(sealDer);
  if (seal.layout !== 'v4') {
    throw malformed('SESeal', `a version ${seal.version} seal cannot go into a GB/T 38540 stamp`, `${seal.version} 版电子印章不能用于 GB/T 38540 签章`);
  }
  const parsed = asn1js.fromBER(new Uint8Array(sealDer).buffer).result;
  if (!Buffer.from(parsed.toBER()).equals(sealDer)) throw malformed('SESeal', 'it is not DER-encoded', '不是 DER 编码');
  if (checkedSeals.size >= 16) checkedSeals.delete(checkedSeals.keys().next().value!);
  checkedSeals.set(key, seal.version);
  return seal.version;
}

const SM3_WITH_SM2 = der(new asn1js.ObjectIdentifier({ value: SM3_WITH_SM2_OID }));

/** SES_Signature v4: TBS_Sign signed by the signer (SM3withSM2 over DER(TBS_Sign)). */
export async function encodeSesSignature(input: SesSignatureInput, sign: Sm2Sign): Promise<Buffer> {
  const tbs = encodeTbsSign(input);
  const signature = derSignature(await sign(tbs));
  return sequence(tbs, octetString(input.signerCert), SM3_WITH_SM2, bitString(signature));
}
