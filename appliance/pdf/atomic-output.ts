import { randomUUID } from 'node:crypto';
import { closeSync, fsync, open as fsOpen, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { copyFile, open, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';
import { malformed } from './malformed.js';
import type { PdfDocument } from './pdf-document.js';

/**
 * The output's bytes live in a hidden temp file beside it until they are complete and on disk;
 * only then does a rename make them appear under the output's name (rename within one directory
 * is atomic), so a crash or a failed signature never leaves a half-written PDF.
 */
export function tempPathFor(outPath: string): string {
  // 48 random bits from randomUUID's kept batch (randomBytes asks OpenSSL every time)
  return join(dirname(outPath), `.${basename(outPath)}.${randomUUID().slice(-12)}.part`);
}

/** Copies the input unchanged (copy_file_range: the kernel copies, no pass through JS) and appends `update`. */
export async function writeUpdatedCopy(doc: PdfDocument, tempPath: string, update: Buffer): Promise<void> {
  await copyFile(doc.path, tempPath).catch((error: unknown) => {
    throw outputError(error, tempPath);
  });
  if ((await stat(tempPath)).size !== doc.size) throw malformed('the input changed while it was being stamped');
  const handle = await open(tempPath, 'r+');
  try {
    await handle.write(update, 0, update.length, doc.size);
  } finally {
    await handle.close();
  }
}

/**
 * Optionally patches bytes at `at`, fsyncs (running `whileFlushing` meanwhile: when it throws, the
 * temp file is removed), renames to `outPath` and fsyncs the directory (so the rename is durable too).
 */
export async function commitOutput(tempPath: string, outPath: string, patch?: { at: number; bytes: Buffer }, whileFlushing?: () => void): Promise<void> {
  const handle = await open(tempPath, 'r+');
  try {
    if (patch) await handle.write(patch.bytes, 0, patch.bytes.length, patch.at);
    await flushWith(handle.sync(), whileFlushing);
  } catch (error) {
    await handle.close();
    await removeTemp(tempPath);
    throw error;
  }
  await handle.close();
  await rename(tempPath, outPath);
  await syncDirectoryOf(outPath);
}

export async function removeTemp(tempPath: string): Promise<void> {
  await rm(tempPath, { force: true });
}

/**
 * A small output written whole: create() starts making its hidden temp file (a create took
 * 0.2–1 ms in a crowded /tmp on ext4, so a stamp starts it first, while it reads and places);
 * write() queues bytes to be written as soon as the file is there, so most of a stamp's output
 * is written while the token signs and only its signature is patched in after (patch());
 * commit() writes what is left, fsyncs, renames to the output's name and fsyncs the folder.
 * Writing, closing, renaming and opening the folder are synchronous (page-cache work of
 * microseconds for a file of a megabyte or two, where each would otherwise be a thread-pool
 * round trip); the create and the two fsyncs, which may wait for the disk, are not.
 */
export class PendingOutput {
  /** Where the output appears. */
  readonly path: string;
  readonly #tempPath: string;
  /** The temp file's descriptor once every write queued so far is done, or the first failure. */
  #written: Promise<Opened>;
  /** Writes queued and not yet run. */
  readonly #steps: ((fd: number) => void)[] = [];
  #size = 0;
  #done = false;

  private constructor(outPath: string) {
    this.path = outPath;
    this.#tempPath = tempPathFor(outPath);
    this.#written = new Promise((resolve) => {
      try {
        fsOpen(this.#tempPath, 'wx', (error, fd) => resolve(error ? { error } : { fd }));
      } catch (error) {
        resolve({ error }); // a path fs refuses outright (a NUL in it): reported by commit()
      }
    });
  }

  static create(outPath: string): PendingOutput {
    return new PendingOutput(outPath);
  }

  /** Appends `parts` as soon as the file is open (a failure is reported by commit()). */
  write(parts: readonly Buffer[]): void {
    for (const part of parts) {
      const at = this.#size;
      this.#size += part.length;
      this.#queue((fd) => writeWhole(fd, part, at));
    }
  }

  /** Overwrites `bytes` at `at` (within what was written), e.g. a signature over its placeholder. */
  patch(at: number, bytes: Buffer): void {
    if (at < 0 || at + bytes.length > this.#size) throw new Error('a patch must lie within the bytes written');
    this.#queue((fd) => writeWhole(fd, bytes, at));
  }

  /**
   * Appends `parts`, then makes the output appear. `whileFlushing` runs (synchronously) while the
   * file's fsync is under way; when it throws, the temp file is removed and nothing appears at
   * the output's name.
   */
  async commit(parts: readonly Buffer[] = [], whileFlushing?: () => void): Promise<void> {
    if (this.#done) throw new Error('the output was committed or discarded already');
    this.write(parts);
    this.#done = true;
    const file = await this.#written;
    let folder: number | undefined;
    try {
      if (file.error !== undefined) throw file.error;
      await flushWith(syncFd(file.fd!), whileFlushing);
      folder = openSync(dirname(this.path), 'r');
      renameSync(this.#tempPath, this.path);
    } catch (error) {
      if (folder !== undefined) closeSync(folder);
      if (file.fd !== undefined) {
        closeSync(file.fd);
        rmSync(this.#tempPath, { force: true });
      }
      throw outputError(error, this.path);
    }
    closeSync(file.fd!);
    try {
      await syncFd(folder);
    } catch (error) {
      throw outputError(error, this.path);
    } finally {
      closeSync(folder);
    }
  }

  /** Closes and removes the temp file, if it was made; nothing happens after a commit or a discard. */
  async discard(): Promise<void> {
    if (this.#done) return;
    this.#done = true;
    const file = await this.#written;
    if (file.fd === undefined) return;
    closeSync(file.fd);
    rmSync(this.#tempPath, { force: true });
  }

  /**
   * Runs `step` on the file after the steps before it, in a task of their own (setImmediate)
   * once the file is open, every step queued by then at once: a stamp queues its output before
   * the token signs, and it is written while the token signs, not before.
   */
  #queue(step: (fd: number) => void): void {
    this.#steps.push(step);
    if (this.#steps.length > 1) return; // the next run takes it
    this.#written = this.#written.then(
      (opened) =>
        new Promise((resolve) =>
          setImmediate(() => {
            let result = opened;
            for (const each of this.#steps.splice(0)) result = runStep(result, each);
            resolve(result);
          }),
        ),
    );
  }
}

/** An open descriptor, or why there is none (or why what was being written to it failed). */
interface Opened {
  fd?: number;
  error?: unknown;
}

function runStep(opened: Opened, step: (fd: number) => void): Opened {
  if (opened.error !== undefined) return opened;
  try {
    step(opened.fd!);
    return opened;
  } catch (error) {
    // the descriptor stays open for commit or discard to close; the failure is what they report
    return { fd: opened.fd, error };
  }
}

function writeWhole(fd: number, bytes: Buffer, at: number): void {
  for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done, bytes.length - done, at + done);
}

/** Writes a small output whole (PendingOutput, created and committed at once). */
export async function writeOutputWhole(outPath: string, parts: readonly Buffer[]): Promise<void> {
  await PendingOutput.create(outPath).commit(parts);
}

/** Awaits `flushing` after running `meanwhile`; the fsync always ends before the file may be closed. */
async function flushWith(flushing: Promise<void>, meanwhile: (() => void) | undefined): Promise<void> {
  let failure: { error: unknown } | undefined;
  try {
    meanwhile?.();
  } catch (error) {
    failure = { error };
  }
  await flushing.catch((error: unknown) => {
    failure ??= { error };
  });
  if (failure) throw failure.error;
}

/** fsync of the folder holding `path`, so that a rename into it is durable too. */
async function syncDirectoryOf(path: string): Promise<void> {
  const dir = openSync(dirname(path), 'r');
  try {
    await syncFd(dir);
  } finally {
    closeSync(dir);
  }
}

function syncFd(fd: number): Promise<void> {
  return new Promise((resolve, reject) => fsync(fd, (error) => (error ? reject(error) : resolve())));
}

/** The file system refused the output (no such folder, no permission, disk full, …): OUTPUT_NOT_WRITABLE. */
export function outputError(error: unknown, path: string): unknown {
  if (error instanceof SealdeskError) return error; // e.g. CERT_KEY_MISMATCH from a check while flushing
  let code = (error as NodeJS.ErrnoException | undefined)?.code;
  // node:fs refuses a path with a NUL byte before any system call: no file system would take it
  if (code === 'ERR_INVALID_ARG_VALUE' && path.includes('\0')) code = 'EINVAL';
  if (typeof code !== 'string' || !/^E[A-Z]+$/.test(code)) return error;
  const shown = path.replace(/\/\.([^/]+)\.[0-9a-f]{12}\.part$/, '/$1').replaceAll('\0', '\\0');
  return new SealdeskError('OUTPUT_NOT_WRITABLE', { path: shown, reason: code }, { cause: error });
}
