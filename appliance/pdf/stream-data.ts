import { PDFArray, PDFDict, PDFName, PDFNumber, decodePDFRawStream, type PDFRawStream } from '@cantoo/pdf-lib';
import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';
import { inflateBounded, tooComplex, type DocumentBudget } from '../documents/index.js';
import { malformed } from './malformed.js';

/** pdf-lib's decoders are read in blocks of this size, so the cap is checked as they go. */
const BLOCK = 64 * 1024;

/**
 * The decoded bytes of an xref, object or DSS stream, within the document's budget: a stream
 * that would decode past inflatedBytesPerStream, or past what is left of the document's
 * inflatedBytes, is refused (DOCUMENT_TOO_COMPLEX) as soon as it gets there, not once decoded.
 * Flate goes through node:zlib (native, bounded by maxOutputLength, and it tolerates the missing
 * Adler-32 some producers write); other filters through pdf-lib's decoders, read block by block.
 * The PNG predictor is undone here because pdf-lib's decoder ignores /DecodeParms /Predictor —
 * it never needs it, as its parser scans objects instead of reading xref streams — and xref
 * streams written by qpdf, Acrobat and most others use /Predictor 12.
 */
export function streamData(stream: PDFRawStream, budget: DocumentBudget): Buffer {
  const filter = stream.dict.get(PDFName.of('Filter'));
  const filters = filter instanceof PDFArray ? filter.asArray() : filter ? [filter] : [];
  let data: Buffer;
  try {
    if (filters.length === 1 && filters[0] === PDFName.of('FlateDecode')) {
      data = inflateBounded(stream.contents, budget, { lenientEnd: true });
    } else if (filters.length === 0) {
      data = Buffer.from(stream.contents);
    } else {
      data = decodeInBlocks(stream, budget);
    }
  } catch (error) {
    if (error instanceof SealdeskError) throw error;
    throw malformed('a compressed stream cannot be decoded', error);
  }
  const parms = stream.dict.get(PDFName.of('DecodeParms'));
  const params = parms instanceof PDFArray ? parms.get(0) : parms;
  if (params instanceof PDFDict) {
    const predictor = numberIn(params, 'Predictor', 1);
    if (predictor >= 10) return unpredictPng(data, numberIn(params, 'Columns', 1) * numberIn(params, 'Colors', 1));
    if (predictor !== 1) throw malformed(`unsupported predictor ${predictor}`);
  }
  return data;
}

/** LZW, run-length, ASCII85, … (and chains of filters): pdf-lib decodes, a block at a time, up to the cap. */
function decodeInBlocks(stream: PDFRawStream, budget: DocumentBudget): Buffer {
  const perStream = budget.maximum('inflatedBytesPerStream');
  const left = budget.remaining('inflatedBytes');
  const cap = Math.min(perStream, left);
  const decoder = decodePDFRawStream(stream);
  const blocks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const block = decoder.getBytes(BLOCK);
    if (block.length === 0) break;
    total += block.length;
    if (total > cap) throw perStream <= left ? tooComplex('inflatedBytesPerStream', perStream) : tooComplex('inflatedBytes', budget.maximum('inflatedBytes'));
    blocks.push(Buffer.from(block));
    if (block.length < BLOCK) break;
  }
  budget.spend('inflatedBytes', total);
  return Buffer.concat(blocks);
}
function numberIn(dict: PDFDict, key: string, fallback: number): number {
  const value = dict.get(PDFName.of(key));
  return value instanceof PDFNumber ? value.asNumber() : fallback;
}

/** PNG row filters (RFC 2083 §6) with one byte per sample, as xref streams use them. */
function unpredictPng(data: Buffer, rowLength: number): Buffer {
  const rows = Math.floor(data.length / (rowLength + 1));
  const out = Buffer.alloc(rows * rowLength);
  for (let r = 0; r < rows; r++) {
    const filterType = data[r * (rowLength + 1)];
    const src = r * (rowLength + 1) + 1;
    const dst = r * rowLength;
    for (let i = 0; i < rowLength; i++) {
      const raw = data[src + i]!;
      const left = i > 0 ? out[dst + i - 1]! : 0;
      const up = r > 0 ? out[dst - rowLength + i]! : 0;
      const upLeft = r > 0 && i > 0 ? out[dst - rowLength + i - 1]! : 0;
      let value: number;
      switch (filterType) {
        case 0: value = raw; break;
        case 1: value = raw + left; break;
        case 2: value = raw + up; break;
        case 3: value = raw + ((left + up) >> 1); break;
        case 4: value = raw + paeth(left, up, upLeft); break;
        default: throw malformed(`bad PNG predictor row type ${filterType}`);
      }
      out[dst + i] = value & 0xff;
    }
  }
  return out;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}
