import { randomBytes } from 'node:crypto';
import { copyFile, open, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { malformed } from './malformed.js';
import type { PdfDocument } from './pdf-document.js';

/**
 * The output's bytes live in a hidden temp file beside it until they are complete and on disk;
 * only then does a rename make them appear under the output's name (rename within one directory
 * is atomic), so a crash or a failed signature never leaves a half-written PDF.
 */
export function tempPathFor(outPath: string): string {
  return join(dirname(outPath), `.${basename(outPath)}.${randomBytes(6).toString('hex')}.part`);
}

/** Copies the input unchanged (copy_file_range: the kernel copies, no pass through JS) and appends `update`. */
export async function writeUpdatedCopy(doc: PdfDocument, tempPath: string, update: Buffer): Promise<void> {
  await copyFile(doc.path, tempPath);
  if ((await stat(tempPath)).size !== doc.size) throw malformed('the input changed while it was being stamped');
  const handle = await open(tempPath, 'r+');
  try {
    await handle.write(update, 0, update.length, doc.size);
  } finally {
    await handle.close();
  }
}

/** Optionally patches bytes at `at`, fsyncs, renames to `outPath` and fsyncs the directory (so the rename is durable too). */
export async function commitOutput(tempPath: string, outPath: string, patch?: { at: number; bytes: Buffer }): Promise<void> {
  const handle = await open(tempPath, 'r+');
  try {
    if (patch) await handle.write(patch.bytes, 0, patch.bytes.length, patch.at);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(tempPath, outPath);
  const dir = await open(dirname(outPath), 'r');
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}

export async function removeTemp(tempPath: string): Promise<void> {
  await rm(tempPath, { force: true });
}
