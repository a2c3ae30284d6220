/**
 * Hand-written reader replies, built from protocols.md (not from the driver's code): the test
 * plays the reader with these.
 */
export function hex(text: string): Buffer {
  return Buffer.from(text.replace(/\s+/g, ''), 'hex');
}

export const REQUEST = {
  resetSam: hex('AA AA AA 96 69 00 03 10 FF EC'),
  samStatus: hex('AA AA AA 96 69 00 03 11 FF ED'),
  readSamId: hex('AA AA AA 96 69 00 03 12 FF EE'),
  findCard: hex('AA AA AA 96 69 00 03 20 01 22'),
  selectCard: hex('AA AA AA 96 69 00 03 20 02 21'),
  readTextAndPhoto: hex('AA AA AA 96 69 00 03 30 01 32'),
} as const;

export const REPLY = {
  ok: hex('AA AA AA 96 69 00 04 00 00 90 94'),
  cardFound: hex('AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97'),
  noCard: hex('AA AA AA 96 69 00 04 00 00 80 84'),
  selected: hex('AA AA AA 96 69 00 0C 00 00 90 00 00 00 00 00 00 00 00 9C'),
  selectFailed: hex('AA AA AA 96 69 00 04 00 00 81 85'),
  readFailed: hex('AA AA AA 96 69 00 04 00 00 41 45'),
  badChecksumSeen: hex('AA AA AA 96 69 00 04 00 00 10 14'),
  unknownCommand: hex('AA AA AA 96 69 00 04 00 00 21 25'),
  /** SAM id: SW + 16 bytes. */
  samId: frame(hex('00 00 90 05 00 00 00 01 02 03 04 05 06 07 08 09 0A 0B 0C')),
} as const;

/** A frame around a body, checksum computed here by the rule in protocols.md. */
export function frame(body: Buffer): Buffer {
  const len = body.length + 1;
  let x = (len >> 8) ^ (len & 0xff);
  for (const b of body) x ^= b;
  return Buffer.concat([hex('AA AA AA 96 69'), Buffer.from([len >> 8, len & 0xff]), body, Buffer.from([x])]);
}

export interface Identity {
  name: string;
  sex: string;
  nation: string;
  birth: string;
  address: string;
  idNumber: string;
  authority: string;
  validFrom: string;
  validTo: string;
}

/** GB 11643's own example number (female, born 1949-12-31). */
export const ZHANG: Identity = {
  name: '张晓梅',
  sex: '2',
  nation: '01',
  birth: '19491231',
  address: '北京市东城区景山前街4号院3号楼2单元501室',
  idNumber: '11010519491231002X',
  authority: '北京市公安局东城分局',
  validFrom: '20150101',
  validTo: '长期',
};

function ucs2(text: string, bytes: number): Buffer {
  const out = Buffer.alloc(bytes, 0);
  for (let i = 0; i < bytes; i += 2) out.writeUInt16LE(0x20, i); // space-padded
  Buffer.from(text, 'utf16le').copy(out, 0, 0, bytes);
  return out;
}

/** The 256-byte text block: offsets and lengths from protocols.md. */
export function textBlock(id: Identity): Buffer {
  return Buffer.concat([
    ucs2(id.name, 30),
    ucs2(id.sex, 2),
    ucs2(id.nation, 4),
    ucs2(id.birth, 16),
    ucs2(id.address, 70),
    ucs2(id.idNumber, 36),
    ucs2(id.authority, 30),
    ucs2(id.validFrom, 16),
    ucs2(id.validTo, 16),
    ucs2('', 36),
  ]);
}

/** A stand-in WLT photo: 1,024 opaque bytes. */
export const PHOTO = Buffer.from(Array.from({ length: 1024 }, (_, i) => (i * 7 + 0x57) & 0xff));

/** The 1,295-byte read text + photo reply. */
export function readReply(id: Identity = ZHANG, photo: Buffer = PHOTO): Buffer {
  return frame(Buffer.concat([hex('00 00 90 01 00 04 00'), textBlock(id), photo]));
}
