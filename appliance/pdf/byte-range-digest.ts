import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import type { DigestAlgorithm } from './signature-request.js';

export type ByteRange = readonly [number, number, number, number];

const CHUNK = 1 << 20;

/**
 * Digest of the two signed ranges of a file, read back from disk through one reused 1 MiB
 * buffer: the hash is of the bytes that were really written, and a 50 MB file never sits in
 * memory (a read stream would allocate a fresh chunk per read and leave it to the GC).
 */
export async function byteRangeDigest(path: string, range: ByteRange, algorithm: DigestAlgorithm): Promise<Buffer> {
  const hash = createHash(algorithm);
  const buffer = Buffer.allocUnsafe(CHUNK);
  const handle = await open(path, 'r');
  try {
    for (const [start, length] of [
      [range[0], range[1]],
      [range[2], range[3]],
    ] as const) {
      for (let done = 0; done < length; ) {
        const { bytesRead } = await handle.read(buffer, 0, Math.min(CHUNK, length - done), start + done);
        if (bytesRead === 0) throw new Error(`${path} is shorter than its byte range`);
        hash.update(buffer.subarray(0, bytesRead));
        done += bytesRead;
      }
    }
  } finally {
    await handle.close();
  }
  return hash.digest();
}
