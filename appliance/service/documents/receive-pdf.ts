import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyRequest } from 'fastify';
import { isSealdeskError, SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import { formatOf, HEAD_BYTES } from '../../formats/index.js';
import { checkFileName } from './file-name.js';

export interface ReceivedPdf {
  /** A temporary file under the given directory: the caller moves or removes it. */
  path: string;
  fileName: string;
  sha256: string;
  size: number;
}

/** Hashes and keeps the head of what streams through. */
class Tap extends Transform {
  readonly hash = createHash('sha256');
  head = Buffer.alloc(0);
  size = 0;
  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null, data?: Buffer) => void): void {
    this.hash.update(chunk);
    this.size += chunk.length;
    if (this.head.length < HEAD_BYTES) this.head = Buffer.concat([this.head, chunk.subarray(0, HEAD_BYTES - this.head.length)]);
    done(null, chunk);
  }
}

function typed(error: unknown, limit: number): SealdeskError {
  if (isSealdeskError(error)) return error;
  const status = (error as { statusCode?: number }).statusCode;
  if (status === 413) return new SealdeskError('PAYLOAD_TOO_LARGE', { limit });
  return new SealdeskError('REQUEST_INVALID', { reason: `upload: ${(error as Error).message}`, reasonZh: `上传失败：${(error as Error).message}` }, { cause: error });
}

/**
 * Streams the one file of a multipart upload to disk (never whole into memory), with the size
 * limit @fastify/multipart enforces: an upload over it, in no format the registry knows, or with a file name that
 * names a path leaves no file behind and fails typed.
 */
export async function receivePdf(request: FastifyRequest, dir: string, limit: number): Promise<ReceivedPdf> {
  // preservePath: see the name as sent, so a traversal attempt is refused rather than quietly cut to its last part
  let part: Awaited<ReturnType<FastifyRequest['file']>>;
  try {
    part = await request.file({ preservePath: true });
  } catch (error) {
    // a body that is not the multipart its Content-Type says (another boundary, cut short): busboy's
    // own error carries no status, and would be answered 500; @fastify/multipart's own (a body
    // that is no multipart at all) have theirs, which the error handler maps
    if (typeof (error as { statusCode?: unknown }).statusCode === 'number') throw error;
    throw typed(error, limit);
  }
  if (!part) throw new SealdeskError('REQUEST_INVALID', { reason: 'no file in the upload', reasonZh: '上传内容中没有文件' });
  let fileName: string;
  try {
    fileName = checkFileName(part.filename);
  } catch (error) {
    part.file.resume(); // let the rest of the body go by
    throw error;
  }
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, `upload-${randomUUID()}.part`);
  const tap = new Tap();
  try {
    await pipeline(part.file, tap, createWriteStream(path, { flags: 'wx', mode: 0o600 }));
    if (part.file.truncated) throw new SealdeskError('PAYLOAD_TOO_LARGE', { limit });
    const format = formatOf(tap.head); // DOCUMENT_FORMAT_UNSUPPORTED: nothing this terminal can stamp
    // an upload without a name is named by what it is: document.pdf, document.ofd
    if (!part.filename) fileName = `document${format.extension}`;
  } catch (error) {
    await rm(path, { force: true });
    throw typed(error, limit);
  }
  return { path, fileName, sha256: tap.hash.digest('hex'), size: tap.size };
}
