const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const JPEG = Buffer.from([0xff, 0xd8, 0xff]);

/** image/png or image/jpeg by the bytes' own signature (never by a name or a declared type), else undefined. */
export function imageTypeOf(bytes: Uint8Array): 'image/png' | 'image/jpeg' | undefined {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.subarray(0, 8).equals(PNG)) return 'image/png';
  if (b.subarray(0, 3).equals(JPEG)) return 'image/jpeg';
  return undefined;
}
