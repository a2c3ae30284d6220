import { closeSync, openSync, readSync } from 'node:fs';
import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';
import { readIfSmall } from '../pdf/random-access-file.js';
import type { DocumentFormat, OpenDocumentOptions, OpenedDocument } from './document-format.js';
import { ofdFormat } from './ofd/ofd-format.js';
import { pdfFormat } from './pdf/pdf-format.js';

/** Every format sealdesk stamps, tried in order on a document's first bytes. */
export const FORMATS: readonly DocumentFormat[] = [pdfFormat, ofdFormat];

/** How much of the head a format may look at: PDF's header may sit anywhere in its first 1024 bytes. */
export const HEAD_BYTES = 1024;

/** The format of a document from its first bytes; DOCUMENT_FORMAT_UNSUPPORTED when none knows them. */
export function formatOf(head: Buffer): DocumentFormat {
  const format = FORMATS.find((f) => f.recognises(head));
  if (!format) throw new SealdeskError('DOCUMENT_FORMAT_UNSUPPORTED', { formats: FORMATS.map((f) => f.name.toUpperCase()).join(', ') });
  return format;
}

/**
 * The first HEAD_BYTES of a file (FILE_NOT_FOUND when it is not there). Read synchronously: a
 * kilobyte from the page cache takes microseconds, where the thread pool's round trips for
 * open, read and close cost a few hundred — per stamp (see pdf/random-access-file.ts).
 */
export function headOf(path: string): Buffer {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new SealdeskError('FILE_NOT_FOUND', { path }, { cause: error });
    throw error;
  }
  try {
    const head = Buffer.alloc(HEAD_BYTES);
    return head.subarray(0, readSync(fd, head, 0, HEAD_BYTES, 0));
  } finally {
    closeSync(fd);
  }
}

/**
 * Opens a document in whichever format its bytes say (DOCUMENT_FORMAT_UNSUPPORTED otherwise), with
 * its budget. A small file is read once, whole, and given to its format as bytes; a large one is
 * told by its head and left to its format to read.
 */
export async function openDocument(path: string, options: OpenDocumentOptions = {}): Promise<OpenedDocument> {
  const bytes = options.bytes ?? readIfSmall(path);
  const format = formatOf(bytes ? bytes.subarray(0, HEAD_BYTES) : headOf(path));
  return format.open(path, bytes ? { ...options, bytes } : options);
}
