/** Reader → host SAM frames: preamble, LEN (big-endian, bytes after LEN), SW1 SW2 SW3, data, XOR checksum. */
export const PREAMBLE = Buffer.from([0xaa, 0xaa, 0xaa, 0x96, 0x69]);

/** SW3 values the reader answers with (SW1 SW2 are always 00 00). */
export const SW3 = {
  success: 0x90,
  cardFound: 0x9f,
  noCard: 0x80,
  selectFailed: 0x81,
  readFailed: 0x41,
  badChecksum: 0x10,
  badLength: 0x11,
  unknownCommand: 0x21,
} as const;

/** XOR of the bytes: the checksum covers LEN and body. */
export function xor(bytes: Uint8Array): number {
  let x = 0;
  for (const b of bytes) x ^= b;
  return x;
}

export function encodeReply(sw3: number, data: Uint8Array = Buffer.alloc(0)): Buffer {
  const frame = Buffer.alloc(PREAMBLE.length + 2 + 3 + data.length + 1);
  PREAMBLE.copy(frame, 0);
  frame.writeUInt16BE(3 + data.length + 1, 5);
  frame[9] = sw3;
  frame.set(data, 10);
  frame[frame.length - 1] = xor(frame.subarray(5, frame.length - 1));
  return frame;
}
