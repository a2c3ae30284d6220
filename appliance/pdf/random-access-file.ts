import { createHash } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';
import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';

/**
 * A PDF read by offset, never whole: a 50 MB document costs the few kilobytes of its tail,
 * xref sections and the handful of objects a stamp touches. Or, when the caller already holds
 * the whole file (verification reads it for the byte ranges), the same reads served from memory.
 */
export class RandomAccessFile {
  private constructor(
    private readonly handle: FileHandle | undefined,
    readonly path: string,
    readonly size: number,
    private readonly bytes?: Buffer,
  ) {}

  /** The file's bytes already in memory, read under its path's name. */
  static fromBytes(path: string, bytes: Buffer): RandomAccessFile {
    return new RandomAccessFile(undefined, path, bytes.length, bytes);
  }

  static async open(path: string): Promise<RandomAccessFile> {
    let handle: FileHandle;
    try {
      handle = await open(path, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new SealdeskError('FILE_NOT_FOUND', { path }, { cause: error });
      throw error;
    }
    const { size } = await handle.stat();
    return new RandomAccessFile(handle, path, size);
  }

  /** Up to `length` bytes at `offset`; fewer only at the end of the file. */
  async read(offset: number, length: number): Promise<Buffer> {
    const start = Math.max(0, Math.min(offset, this.size));
    const wanted = Math.max(0, Math.min(length, this.size - start));
    // a copy: callers own what they read, and must not change the caller's bytes
    if (this.bytes) return Buffer.from(this.bytes.subarray(start, start + wanted));
    const buffer = Buffer.alloc(wanted);
    let done = 0;
    while (done < wanted) {
      const { bytesRead } = await this.handle!.read(buffer, done, wanted - done, start + done);
      if (bytesRead === 0) break;
      done += bytesRead;
    }
    return buffer.subarray(0, done);
  }

  /** Digest of the whole file, read in order through one reused buffer of at most 1 MiB. */
  async digest(algorithm: string): Promise<Buffer> {
    const hash = createHash(algorithm);
    if (this.bytes) return hash.update(this.bytes).digest();
    const buffer = Buffer.allocUnsafe(Math.max(1, Math.min(this.size, 1 << 20)));
    for (let at = 0; at < this.size; ) {
      const { bytesRead } = await this.handle!.read(buffer, 0, Math.min(buffer.length, this.size - at), at);
      if (bytesRead === 0) break;
      hash.update(buffer.subarray(0, bytesRead));
      at += bytesRead;
    }
    return hash.digest();
  }

  async close(): Promise<void> {
    await this.handle?.close();
  }
}
