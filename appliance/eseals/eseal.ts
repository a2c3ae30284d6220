import { createHash } from 'node:crypto';
import { sequence } from './der-writer.js';
import { FieldReader, TAG, isUniversal, malformed, parseDer, rawBytes, type Node } from './der-reader.js';

/**
 * SESeal, the electronic seal a seal-making authority signs once (制章): GM/T 0031-2014 (version 1),
 * GB/T 38540-2020 (version 4) and its revision (version 5), decoded into one shape.
 */

/** What a certificate digest names (certListType 2): the hash's name as the writer spelled it. */
export interface SealCertDigest {
  type: string;
  value: Buffer;
}

/** ExtData: a vendor's own field. */
export interface SealExtData {
  extnID: string;
  critical: boolean;
  extnValue: Buffer;
}

export interface SealHeader {
  /** "ES" */
  id: string;
  version: number;
  /** The vendor's identifier. */
  vid: string;
}

export interface SealProperty {
  /** 1 an organisation's seal, 2 a person's; vendors use more. */
  type: number;
  name: string;
  /** 1: `certs` holds the signers' certificates; 2: `certDigests` holds their digests. v1 always 1. */
  certListType: number;
  certs: Buffer[];
  certDigests: SealCertDigest[];
  createDate: Date;
  validStart: Date;
  validEnd: Date;
}

export interface SealPicture {
  /** "PNG", "JPG", "GIF", "BMP", "SVG", "OFD" … as written (vendors write "ofd" too). */
  type: string;
  data: Buffer;
  widthMm: number;
  heightMm: number;
}

export interface ESeal {
  /** header.version: 1, 4 or 5 (others are decoded by their layout and reported as found). */
  version: number;
  /** Whether the layout is GM/T 0031-2014's (signInfo as one SEQUENCE, UTCTime, no certListType). */
  layout: 'v1' | 'v4';
  header: SealHeader;
  esID: string;
  property: SealProperty;
  picture: SealPicture;
  extDatas: SealExtData[];
  /** The maker's certificate (DER). */
  makerCert: Buffer;
  signAlgOid: string;
  /** The maker's signature (DER SM2Signature as found). */
  signedValue: Buffer;
  /** Version 5: a timestamp over the signature, as found. */
  timeStamp?: Buffer;
  /**
   * The exact bytes the maker signed: DER(SES_SealInfo) for v4 and v5; for v1
   * DER(SEQUENCE { SES_SealInfo, cert, signatureAlgorithm }) (GM/T 0031-2014 §, as ofdrw checks).
   */
  signedBytes: Buffer;
  /** The whole SESeal as given. */
  der: Buffer;
}

export function decodeSeal(der: Uint8Array): ESeal {
  return readSeal(parseDer(der, 'SESeal'), new FieldReader('SESeal'), 'SESeal');
}

// every stamp of a seal carries the same SESeal: what its bytes decode to is kept by their SHA-256
// (a verifier of a batch reads one seal a thousand times); only what decoded, so a bad seal's
// error still names the field on the path it was found at
const SEAL_CACHE_SIZE = 64;
const decodedSeals = new Map<string, ESeal>();

/** A SESeal inside another structure (TBS_Sign.eseal), read with that structure's reader. */
export function readSeal(node: Node, read: FieldReader, path: string): ESeal {
  const key = createHash('sha256').update(node.bytes).digest('base64');
  const known = decodedSeals.get(key);
  if (known) return copyOf(known);
  const seal = readSealFields(node, read, path);
  if (decodedSeals.size >= SEAL_CACHE_SIZE) decodedSeals.delete(decodedSeals.keys().next().value!);
  decodedSeals.set(key, copyOf(seal));
  return seal;
}

/** A copy whose buffers and lists are its own: a caller may change what it was given. */
function copyOf(seal: ESeal): ESeal {
  const copy = (b: Buffer) => Buffer.from(b);
  return {
    ...seal,
    header: { ...seal.header },
    property: { ...seal.property, certs: seal.property.certs.map(copy), certDigests: seal.property.certDigests.map((d) => ({ type: d.type, value: copy(d.value) })), createDate: new Date(seal.property.createDate), validStart: new Date(seal.property.validStart), validEnd: new Date(seal.property.validEnd) },
    picture: { ...seal.picture, data: copy(seal.picture.data) },
    extDatas: seal.extDatas.map((e) => ({ ...e, extnValue: copy(e.extnValue) })),
    makerCert: copy(seal.makerCert),
    signedValue: copy(seal.signedValue),
    ...(seal.timeStamp ? { timeStamp: copy(seal.timeStamp) } : {}),
    signedBytes: copy(seal.signedBytes),
    der: copy(seal.der),
  };
}

function readSealFields(node: Node, read: FieldReader, path: string): ESeal {
  const items = read.sequence(node, path, 2, 5);
  const sealInfoNode = items[0]!;
  const v1 = items.length === 2;
  let certNode: Node | undefined;
  let algNode: Node | undefined;
  let sigNode: Node | undefined;
  let timeStamp: Buffer | undefined;
  if (v1) {
    // SES_SignInfo { cert, signatureAlgorithm, signData }
    [certNode, algNode, sigNode] = read.sequence(items[1], `${path}.signInfo`, 3, 3);
  } else {
    if (items.length < 4) throw read.wrong(`${path}.signedValue`, 'BIT STRING');
    [, certNode, algNode, sigNode] = items;
    const ts = read.optionalTagged(items[4], 0, (n) => isUniversal(n, TAG.BIT_STRING) || isUniversal(n, TAG.OCTET_STRING));
    if (items[4] !== undefined && ts === undefined) throw read.wrong(`${path}.timeStamp`, '[0] BIT STRING', items[4]);
    if (ts !== undefined) timeStamp = read.bits(ts, `${path}.timeStamp`);
  }
  const info = readSealInfo(sealInfoNode, read, `${path}.eSealInfo`);
  const makerCert = read.octets(certNode, `${path}.cert`);
  const signAlgOid = read.oid(algNode, `${path}.signAlgID`);
  const signedValue = read.bits(sigNode, `${path}.signedValue`);
  const signedBytes = v1
    ? sequence(sealInfoNode.bytes, certNode!.bytes, algNode!.bytes)
    : rawBytes(sealInfoNode);
  return {
    ...info,
    layout: v1 ? 'v1' : 'v4',
    makerCert,
    signAlgOid,
    signedValue,
    ...(timeStamp === undefined ? {} : { timeStamp }),
    signedBytes,
    der: rawBytes(node),
  };
}

type SealInfo = Pick<ESeal, 'version' | 'header' | 'esID' | 'property' | 'picture' | 'extDatas'>;

function readSealInfo(node: Node, read: FieldReader, path: string): SealInfo {
  const [headerNode, esIdNode, propertyNode, pictureNode, extNode] = read.sequence(node, path, 4, 5);
  const [idNode, versionNode, vidNode] = read.sequence(headerNode, `${path}.header`, 3, 3);
  const header: SealHeader = {
    id: read.text(idNode, `${path}.header.id`),
    version: read.integer(versionNode, `${path}.header.version`),
    vid: read.text(vidNode, `${path}.header.vid`),
  };
  if (header.id !== 'ES') throw malformed(read.structure, `${path}.header.id is "${header.id}", not "ES"`, `${path}.header.id 为“${header.id}”，应为“ES”`);
  const ext = read.optionalTagged(extNode, 0, (n) => isUniversal(n, TAG.SEQUENCE));
  if (extNode !== undefined && ext === undefined) throw read.wrong(`${path}.extDatas`, 'SEQUENCE OF ExtData', extNode);
  return {
    version: header.version,
    header,
    esID: read.text(esIdNode, `${path}.esID`),
    property: readProperty(propertyNode!, read, `${path}.property`),
    picture: readPicture(pictureNode!, read, `${path}.picture`),
    extDatas: ext === undefined ? [] : readExtDatas(ext, read, `${path}.extDatas`),
  };
}

function readProperty(node: Node, read: FieldReader, path: string): SealProperty {
  const items = read.sequence(node, path, 6, 7);
  // v1: { type, name, certList, createDate, validStart, validEnd }; v4/v5 put certListType before certList
  const v1 = items.length === 6;
  const [typeNode, nameNode] = items;
  const certListType = v1 ? 1 : read.integer(items[2], `${path}.certListType`);
  const [certListNode, createNode, startNode, endNode] = items.slice(v1 ? 2 : 3);
  // some writers tag the CHOICE; the list inside is the same
  const listNode = read.optionalTagged(certListNode, certListType === 2 ? 1 : 0, (n) => isUniversal(n, TAG.SEQUENCE)) ?? certListNode;
  const list = read.sequence(listNode, `${path}.certList`);
  const certs: Buffer[] = [];
  const certDigests: SealCertDigest[] = [];
  if (certListType === 2) {
    list.forEach((entry, i) => {
      const [typeOf, value] = read.sequence(entry, `${path}.certList[${i}]`, 2, 2);
      certDigests.push({ type: read.text(typeOf, `${path}.certList[${i}].type`), value: read.octets(value, `${path}.certList[${i}].value`) });
    });
  } else if (certListType === 1) {
    list.forEach((entry, i) => certs.push(read.octets(entry, `${path}.certList[${i}]`)));
  } else {
    throw malformed(read.structure, `${path}.certListType is ${certListType}, neither 1 (certificates) nor 2 (digests)`, `${path}.certListType 为 ${certListType}，应为 1（证书）或 2（证书杂凑值）`);
  }
  return {
    type: read.integer(typeNode, `${path}.type`),
    name: read.utf8(nameNode, `${path}.name`),
    certListType,
    certs,
    certDigests,
    createDate: read.time(createNode, `${path}.createDate`),
    validStart: read.time(startNode, `${path}.validStart`),
    validEnd: read.time(endNode, `${path}.validEnd`),
  };
}

function readPicture(node: Node, read: FieldReader, path: string): SealPicture {
  const [typeNode, dataNode, widthNode, heightNode] = read.sequence(node, path, 4, 4);
  return {
    type: read.text(typeNode, `${path}.type`),
    data: read.octets(dataNode, `${path}.data`),
    widthMm: read.integer(widthNode, `${path}.width`),
    heightMm: read.integer(heightNode, `${path}.height`),
  };
}

export function readExtDatas(node: Node, read: FieldReader, path: string): SealExtData[] {
  return read.sequence(node, path).map((entry, i) => {
    const items = read.sequence(entry, `${path}[${i}]`, 2, 3);
    // critical is BOOLEAN DEFAULT FALSE: DER leaves it out when false
    const critical = items.length === 3 ? read.boolean(items[1], `${path}[${i}].critical`) : false;
    return {
      extnID: read.oid(items[0], `${path}[${i}].extnID`),
      critical,
      extnValue: read.octets(items[items.length - 1], `${path}[${i}].extnValue`),
    };
  });
}
