import { inflateRawSync, inflateSync } from 'node:zlib';
import type { DocumentBudget } from './document-budget.js';
import { tooComplex } from './document-budget.js';

export interface InflateOptions {
  /** Raw deflate without the zlib header (zip entries); zlib format otherwise (PDF /FlateDecode). */
  readonly raw?: boolean;
  /** Accept data whose end is missing (some PDF producers cut the Adler-32 off). */
  readonly lenientEnd?: boolean;
  /** An archive entry: its output also held to archiveEntryRatio × its compressed size (at least 1 MiB). */
  readonly archiveEntry?: boolean;
}

const MiB = 1024 * 1024;

/**
 * Inflates `data` within `budget`: at most inflatedBytesPerStream, and at most what is left of
 * the document's inflatedBytes. zlib stops as soon as its output passes the cap
 * (`maxOutputLength`), so a bomb costs at most the cap's worth of work, never its full size.
 * Other errors (damaged data) are zlib's own, for the caller to name in its format's words.
 */
export function inflateBounded(data: Uint8Array, budget: DocumentBudget, options: InflateOptions = {}): Buffer {
  const perStream = budget.maximum('inflatedBytesPerStream');
  const left = budget.remaining('inflatedBytes');
  const ratioCap = options.archiveEntry ? Math.max(MiB, Math.ceil(budget.maximum('archiveEntryRatio') * data.length)) : Infinity;
  const cap = Math.min(perStream, left, ratioCap);
  const zlibOptions = { maxOutputLength: Math.max(1, cap), ...(options.lenientEnd ? { finishFlush: 2 /* Z_SYNC_FLUSH */ } : {}) };
  let out: Buffer;
  try {
    out = options.raw ? inflateRawSync(data, zlibOptions) : inflateSync(data, zlibOptions);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      if (ratioCap < Math.min(perStream, left)) throw tooComplex('archiveEntryRatio', budget.maximum('archiveEntryRatio'));
      throw perStream <= left ? tooComplex('inflatedBytesPerStream', perStream) : tooComplex('inflatedBytes', budget.maximum('inflatedBytes'));
    }
    throw error;
  }
  budget.spend('inflatedBytes', out.length);
  return out;
}
