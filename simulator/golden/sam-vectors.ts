/**
 * Golden byte vectors for the GA 467 SAM reader, copied from /work/shared/protocols.md by hand
 * (not produced by any encoder), so the driver and the simulator are both tested against the
 * document rather than against each other. test/simulator/golden recomputes every LEN and
 * checksum here independently.
 */
import { hex } from './hex.js';

export const SAM_PREAMBLE = hex('AA AA AA 96 69');

/** Host → reader command frames: preamble, LEN 00 03, command, parameter, XOR checksum. */
export const samCommands = {
  resetSam: hex('AA AA AA 96 69 00 03 10 FF EC'),
  samStatus: hex('AA AA AA 96 69 00 03 11 FF ED'),
  readSamId: hex('AA AA AA 96 69 00 03 12 FF EE'),
  findCard: hex('AA AA AA 96 69 00 03 20 01 22'),
  selectCard: hex('AA AA AA 96 69 00 03 20 02 21'),
  readTextPhoto: hex('AA AA AA 96 69 00 03 30 01 32'),
  readNewestAddress: hex('AA AA AA 96 69 00 03 30 03 30'),
  readTextPhotoFingerprint: hex('AA AA AA 96 69 00 03 30 10 23'),
} as const;

/** Reader → host replies with no data: LEN 00 04, SW1 SW2 SW3, checksum. */
export const samReplies = {
  success: hex('AA AA AA 96 69 00 04 00 00 90 94'),
  findCardOk: hex('AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97'),
  findCardNoCard: hex('AA AA AA 96 69 00 04 00 00 80 84'),
  selectCardOk: hex('AA AA AA 96 69 00 0C 00 00 90 00 00 00 00 00 00 00 00 9C'),
  selectCardFailed: hex('AA AA AA 96 69 00 04 00 00 81 85'),
  readFailed: hex('AA AA AA 96 69 00 04 00 00 41 45'),
  badChecksum: hex('AA AA AA 96 69 00 04 00 00 10 14'),
  badLength: hex('AA AA AA 96 69 00 04 00 00 11 15'),
  unknownCommand: hex('AA AA AA 96 69 00 04 00 00 21 25'),
} as const;

/** The sample identity the 1,295-byte reply below encodes (a made-up person; valid ID number). */
export const sampleIdentity = {
  name: '王小明',
  sex: '1',
  nation: '01',
  birth: '19900307',
  address: '浙江省杭州市西湖区文三路90号',
  idNumber: '330106199003071236',
  authority: '杭州市公安局西湖分局',
  validFrom: '20150301',
  validTo: '20350301',
} as const;

/** The sample's 256-byte text block, UCS-2LE, each field padded with spaces (20 00), by offset. */
export const sampleTextBlock = hex(`
  8B 73 0F 5C 0E 66 20 00 20 00 20 00 20 00 20 00 20 00 20 00 20 00 20 00 20 00 20 00 20 00
  31 00
  30 00 31 00
  31 00 39 00 39 00 30 00 30 00 33 00 30 00 37 00
  59 6D 5F 6C 01 77 6D 67 DE 5D 02 5E 7F 89 56 6E 3A 53 87 65 09 4E EF 8D 39 00 30 00 F7 53
  20 00 20 00 20 00 20 00 20 00 20 00 20 00 20 00 20 00 20 00 20 00 20 00 20 00 20 00 20 00
  20 00 20 00 20 00 20 00 20 00
  33 00 33 00 30 00 31 00 30 00 36 00 31 00 39 00 39 00 30 00 30 00 33 00 30 00 37 00 31 00 32 00 33 00 36 00
  6D 67 DE 5D 02 5E 6C 51 89 5B 40 5C 7F 89 56 6E 06 52 40 5C 20 00 20 00 20 00 20 00 20 00
  32 00 30 00 31 00 35 00 30 00 33 00 30 00 31 00
  32 00 30 00 33 00 35 00 30 00 33 00 30 00 31 00
  20 00 20 00 20 00 20 00 20 00 20 00 20 00 20 00 20 00 20 00 20 00 20 00 20 00 20 00 20 00 20 00 20 00 20 00
`);

/**
 * The sample's photo: 1,024 opaque bytes standing in for the proprietary WLT image
 * (byte i = (31·i + 7) mod 256, so a shifted or truncated copy is caught).
 */
export const samplePhoto = Buffer.from(Array.from({ length: 1024 }, (_, i) => (i * 31 + 7) & 0xff));

/** Read text + photo reply for the sample: 1,295 bytes, LEN 05 08, checksum 0x81. */
export const sampleReadTextPhotoReply = Buffer.concat([
  hex('AA AA AA 96 69 05 08 00 00 90 01 00 04 00'),
  sampleTextBlock,
  samplePhoto,
  hex('81'),
]);

/** Text block field layout from protocols.md: byte offset and length. */
export const TEXT_FIELDS = {
  name: { offset: 0, length: 30 },
  sex: { offset: 30, length: 2 },
  nation: { offset: 32, length: 4 },
  birth: { offset: 36, length: 16 },
  address: { offset: 52, length: 70 },
  idNumber: { offset: 122, length: 36 },
  authority: { offset: 158, length: 30 },
  validFrom: { offset: 188, length: 16 },
  validTo: { offset: 204, length: 16 },
  reserved: { offset: 220, length: 36 },
} as const;
