import { deflateRawSync, constants } from 'node:zlib';

const CHUNK = 1 << 24; // 16 MiB of zeros per repeated block run

/**
 * A zlib stream that inflates to `prefix` followed by `zeros` zero bytes, made without ever
 * holding the zeros: a full flush empties deflate's window, so the compressed bytes of one chunk
 * of zeros are the same wherever the chunk stands, and the stream is that block run repeated
 * (about 1 KB on disk per MB inflated). The Adler-32 is worked out arithmetically.
 */
export function flateBomb(prefix: Buffer, zeros: number): Buffer {
  const head = Buffer.from([0x78, 0xda]);
  const parts: Buffer[] = [head];
  if (prefix.length) parts.push(deflateRawSync(prefix, { level: 9, finishFlush: constants.Z_FULL_FLUSH }));
  const block = deflateRawSync(Buffer.alloc(Math.min(CHUNK, zeros)), { level: 9, finishFlush: constants.Z_FULL_FLUSH });
  const whole = Math.floor(zeros / CHUNK);
  for (let i = 0; i < whole; i++) parts.push(block);
  const rest = zeros - whole * CHUNK;
  if (rest > 0) parts.push(deflateRawSync(Buffer.alloc(rest), { level: 9, finishFlush: constants.Z_FULL_FLUSH }));
  parts.push(deflateRawSync(Buffer.alloc(0), { level: 9 })); // the final, empty block
  const sum = Buffer.alloc(4);
  sum.writeUInt32BE(adler32Then(prefix, zeros));
  parts.push(sum);
  return Buffer.concat(parts);
}

const MOD = 65521;

/** Adler-32 of `bytes` followed by `zeros` zero bytes: a zero byte adds nothing to a and a to b. */
function adler32Then(bytes: Buffer, zeros: number): number {
  let a = 1;
  let b = 0;
  for (const byte of bytes) {
    a = (a + byte) % MOD;
    b = (b + a) % MOD;
  }
  b = Number((BigInt(b) + BigInt(zeros) * BigInt(a)) % BigInt(MOD));
  return ((b << 16) | a) >>> 0;
}
