import { PDFRef, type PDFContext, type PDFObject } from '@cantoo/pdf-lib';
import { DEFAULT_DOCUMENT_LIMITS } from '../documents/index.js';
import { objectParser } from './object-parser.js';
import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';
import { malformed } from './malformed.js';
import type { RandomAccessFile } from './random-access-file.js';

export interface IndirectObject {
  readonly ref: PDFRef;
  readonly object: PDFObject;
}

const HEADER = /^\s*(\d+)\s+(\d+)\s+obj\b/;
const FIRST_WINDOW = 16 * 1024;
const MAX_WINDOW_WITHOUT_ENDOBJ = 1024 * 1024;

/**
 * Parses the `N G obj … endobj` at `offset`. The object body goes through pdf-lib's
 * PDFObjectParser; only the three-token header is matched here, because pdf-lib keeps its own
 * header parser private inside the whole-file PDFParser. A stream bigger than the first window
 * makes the parser fail at the window's end, so the window grows until the object fits.
 */
export async function readIndirectObject(file: RandomAccessFile, offset: number, context: PDFContext, maxDepth = DEFAULT_DOCUMENT_LIMITS.nestingDepth): Promise<IndirectObject> {
  if (!Number.isSafeInteger(offset) || offset < 0 || offset >= file.size) throw malformed(`object offset ${offset} is outside the file`);
  for (let window = FIRST_WINDOW; ; window *= 8) {
    const bytes = await file.read(offset, window);
    const whole = offset + bytes.length >= file.size;
    // A window cut just after `>>` would hide a following `stream`: only trust it once `endobj` is
    // in it (or it is big: a damaged object without `endobj` must not make us read the whole file).
    if (!whole && window < MAX_WINDOW_WITHOUT_ENDOBJ && bytes.indexOf('endobj', 0, 'latin1') < 0) continue;
    try {
      return parseIndirectObject(bytes, context, maxDepth);
    } catch (error) {
      if (error instanceof SealdeskError && error.code === 'DOCUMENT_TOO_COMPLEX') throw error;
      if (whole) throw malformed(`no readable object at offset ${offset}`, error);
    }
  }
}

/** The same over bytes already in memory (a repair scan, a test). */
export function parseIndirectObject(bytes: Uint8Array, context: PDFContext, maxDepth = DEFAULT_DOCUMENT_LIMITS.nestingDepth): IndirectObject {
  const head = HEADER.exec(Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 64)).toString('latin1'));
  if (!head) throw malformed('an object header (N G obj) was expected');
  const ref = PDFRef.of(Number(head[1]), Number(head[2]));
  const object = objectParser(bytes.subarray(head[0].length), context, maxDepth).parseObject(ref);
  return { ref, object };
}
