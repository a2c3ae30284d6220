import { open, type FileHandle } from 'node:fs/promises';
import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';

/**
 * A PDF read by offset, never whole: a 50 MB document costs the few kilobytes of its tail,
 * xref sections and the handful of objects a stamp touches.
 */
export class RandomAccessFile {
  private constructor(
    private readonly handle: FileHandle,
    readonly path: string,
    readonly size: number,
  ) {}

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
    const buffer = Buffer.alloc(wanted);
    let done = 0;
    while (done < wanted) {
      const { bytesRead } = await this.handle.read(buffer, done, wanted - done, start + done);
      if (bytesRead === 0) break;
      done += bytesRead;
    }
    return buffer.subarray(0, done);
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}
