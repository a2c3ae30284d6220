/** GA 467 SAM frame: AA AA AA 96 69, LEN (2 bytes BE, bytes after LEN incl. checksum), body, XOR. */
export const SAM_PREAMBLE = Buffer.from([0xaa, 0xaa, 0xaa, 0x96, 0x69]);
export const SAM_HEADER_LENGTH = SAM_PREAMBLE.length + 2;
/** LEN is 16 bits, so no frame carries more than this many bytes after LEN. */
export const SAM_MAX_LEN = 0xffff;

/** XOR of the LEN bytes and the body: the frame's checksum. */
export function samChecksum(len: number, body: Uint8Array): number {
  let x = (len >> 8) ^ (len & 0xff);
  for (const b of body) x ^= b;
  return x;
}
