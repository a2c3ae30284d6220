import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';

/** Files up to this size are read whole, at once (see open()). */
export const IN_MEMORY_MAX = 1 << 20;

/**
 * A PDF read by offset, never whole: a 50 MB document costs the few kilobytes of its tail,
 * xref sections and the handful of objects a stamp touches. Or, when the file is small or the
 * caller already holds it (verification reads it for the byte ranges), the same reads served
 * from memory.
 */
export class RandomAccessFile {
  private constructor(
    private readonly handle: FileHandle | undefined,
    readonly path: string,
    readonly size: number,
    private readonly inMemory?: Buffer,
  ) {}

  /** The file's bytes already in memory, read under its path's name. */
  static fromBytes(path: string, bytes: Buffer): RandomAccessFile {
    return new RandomAccessFile(undefined, path, bytes.length, bytes);
  }

  /**
   * Opens `path`. A file of at most IN_MEMORY_MAX bytes is read whole, synchronously: a one-page
   * document is a few kilobytes from the page cache, read in microseconds, where the thread-pool
   * round trips of open, stat, the reads and close cost a few hundred (test/bench/stamp.bench.ts).
   * A larger file keeps a handle and is read by offset.
   */
  static async open(path: string): Promise<RandomAccessFile> {
    const small = readIfSmall(path);
    if (small) return RandomAccessFile.fromBytes(path, small);
    try {
      const handle: FileHandle = await open(path, 'r');
      const { size } = await handle.stat();
      return new RandomAccessFile(handle, path, size);
    } catch (error) {
      throw notFound(error, path);
    }
  }

  /** The whole file, when it is held in memory (never to be changed: readers share it). */
  get bytes(): Buffer | undefined {
    return this.inMemory;
  }

  /** Up to `length` bytes at `offset`; fewer only at the end of the file. */
  async read(offset: number, length: number): Promise<Buffer> {
    const start = Math.max(0, Math.min(offset, this.size));
    const wanted = Math.max(0, Math.min(length, this.size - start));
    // a copy: callers own what they read, and must not change the caller's bytes
    if (this.inMemory) return Buffer.from(this.inMemory.subarray(start, start + wanted));
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
    if (this.inMemory) return hash.update(this.inMemory).digest();
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

/**
 * The whole file when it has at most IN_MEMORY_MAX bytes (read synchronously, see open()), else
 * undefined; FILE_NOT_FOUND when there is none.
 */
export function readIfSmall(path: string): Buffer | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    throw notFound(error, path);
  }
  try {
    const { size } = fstatSync(fd);
    return size <= IN_MEMORY_MAX ? readWhole(fd, size) : undefined;
  } finally {
    closeSync(fd);
  }
}

function notFound(error: unknown, path: string): unknown {
  return (error as NodeJS.ErrnoException).code === 'ENOENT' ? new SealdeskError('FILE_NOT_FOUND', { path }, { cause: error }) : error;
}

function readWhole(fd: number, size: number): Buffer {
  const bytes = Buffer.allocUnsafe(size);
  let done = 0;
  while (done < size) {
    const n = readSync(fd, bytes, done, size - done, done);
    if (n === 0) break; // shortened since the stat: what is there is the file
    done += n;
  }
  return bytes.subarray(0, done);
}
