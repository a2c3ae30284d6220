import { FieldReader, TAG, isUniversal, parseDer, rawBytes, type Node } from './der-reader.js';
import { readExtDatas, readSeal, type ESeal, type SealExtData } from './eseal.js';

/**
 * SES_Signature, one stamp (签章): the seal, the time, the hash of what was stamped, signed by the
 * signer. GM/T 0031-2014 (version 1) puts the signer's certificate and algorithm inside TBS_Sign;
 * GB/T 38540 (4) and its revision (5) put them beside it.
 */

export interface TbsSign {
  version: number;
  eseal: ESeal;
  /** The stamp's time; null when a v1 writer put a timestamp token there instead (see timeInfoRaw). */
  timeInfo: Date | null;
  /** v1 only: the timeInfo BIT STRING's contents as found. */
  timeInfoRaw?: Buffer;
  /** SM3 of the stamped file (in OFD: of Signature.xml). */
  dataHash: Buffer;
  /** What was stamped (in OFD: the path of Signature.xml). */
  propertyInfo: string;
  extDatas: SealExtData[];
}

export interface SesSignature {
  /** TBS_Sign.version: 1, 4 or 5. */
  version: number;
  layout: 'v1' | 'v4';
  toSign: TbsSign;
  signerCert: Buffer;
  signatureAlgOid: string;
  /** The signer's SM2 signature (DER) as found. */
  signature: Buffer;
  /** A timestamp over the signature, as found (v4 and v5, optional). */
  timeStamp?: Buffer;
  /** The exact bytes signed: DER(TBS_Sign) in every version (v1's TBS_Sign holds cert and algorithm). */
  signedBytes: Buffer;
  der: Buffer;
}

export function decodeSesSignature(der: Uint8Array): SesSignature {
  const read = new FieldReader('SES_Signature');
  const root = parseDer(der, 'SES_Signature');
  const items = read.sequence(root, 'SES_Signature', 2, 5);
  if (items.length === 2) return readV1(root, items, read);
  if (items.length < 4) throw read.wrong('SES_Signature.signature', 'BIT STRING');
  const [tbsNode, certNode, algNode, sigNode, tsNode] = items;
  const ts = read.optionalTagged(tsNode, 0, (n) => isUniversal(n, TAG.BIT_STRING) || isUniversal(n, TAG.OCTET_STRING));
  if (tsNode !== undefined && ts === undefined) throw read.wrong('SES_Signature.timeStamp', '[0] BIT STRING', tsNode);
  const toSign = readTbsSign(tbsNode!, read);
  return {
    version: toSign.version,
    layout: 'v4',
    toSign,
    signerCert: read.octets(certNode, 'SES_Signature.cert'),
    signatureAlgOid: read.oid(algNode, 'SES_Signature.signatureAlgID'),
    signature: read.bits(sigNode, 'SES_Signature.signature'),
    ...(ts === undefined ? {} : { timeStamp: read.bits(ts, 'SES_Signature.timeStamp') }),
    signedBytes: rawBytes(tbsNode!),
    der: rawBytes(root),
  };
}

function readTbsSign(node: Node, read: FieldReader): TbsSign {
  const path = 'SES_Signature.toSign';
  const [versionNode, sealNode, timeNode, hashNode, propertyNode, extNode] = read.sequence(node, path, 5, 6);
  const ext = read.optionalTagged(extNode, 0, (n) => isUniversal(n, TAG.SEQUENCE));
  if (extNode !== undefined && ext === undefined) throw read.wrong(`${path}.extDatas`, '[0] ExtensionDatas', extNode);
  return {
    version: read.integer(versionNode, `${path}.version`),
    eseal: readSeal(sealNode!, read, `${path}.eseal`),
    timeInfo: read.time(timeNode, `${path}.timeInfo`),
    dataHash: read.bits(hashNode, `${path}.dataHash`),
    propertyInfo: read.text(propertyNode, `${path}.propertyInfo`),
    extDatas: ext === undefined ? [] : readExtDatas(ext, read, `${path}.extDatas`),
  };
}

/** GM/T 0031-2014: SES_Signature { toSign TBS_Sign, signature BIT STRING }. */
function readV1(root: Node, items: Node[], read: FieldReader): SesSignature {
  const path = 'SES_Signature.toSign';
  const [tbsNode, sigNode] = items;
  const [versionNode, sealNode, timeNode, hashNode, propertyNode, certNode, algNode] = read.sequence(tbsNode, path, 7, 7);
  const { timeInfo, timeInfoRaw } = readV1Time(timeNode, read, `${path}.timeInfo`);
  const toSign: TbsSign = {
    version: read.integer(versionNode, `${path}.version`),
    eseal: readSeal(sealNode!, read, `${path}.eseal`),
    timeInfo,
    ...(timeInfoRaw === undefined ? {} : { timeInfoRaw }),
    dataHash: read.bits(hashNode, `${path}.dataHash`),
    propertyInfo: read.text(propertyNode, `${path}.propertyInfo`),
    extDatas: [],
  };
  return {
    version: toSign.version,
    layout: 'v1',
    toSign,
    signerCert: read.octets(certNode, `${path}.cert`),
    signatureAlgOid: read.oid(algNode, `${path}.signatureAlgorithm`),
    signature: read.bits(sigNode, 'SES_Signature.signature'),
    signedBytes: rawBytes(tbsNode!),
    der: rawBytes(root),
  };
}

/**
 * v1's timeInfo is a BIT STRING "that may be a timestamp or a UTCTime": the UTCTime's text
 * (YYMMDDhhmmssZ) or a GeneralizedTime's, as writers differ; a time value itself is also accepted.
 */
function readV1Time(node: Node | undefined, read: FieldReader, path: string): { timeInfo: Date | null; timeInfoRaw?: Buffer } {
  if (isUniversal(node, TAG.GENERALIZED_TIME) || isUniversal(node, TAG.UTC_TIME)) return { timeInfo: read.time(node, path) };
  const raw = read.bits(node, path);
  const text = raw.toString('latin1');
  const match = /^(\d{2}|\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (!match) return { timeInfo: null, timeInfoRaw: raw };
  const [, y, mo, d, h, mi, s] = match;
  const year = y!.length === 2 ? (Number(y) < 50 ? 2000 : 1900) + Number(y) : Number(y);
  const date = new Date(Date.UTC(year, Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)));
  return Number.isNaN(date.getTime()) ? { timeInfo: null, timeInfoRaw: raw } : { timeInfo: date, timeInfoRaw: raw };
}
