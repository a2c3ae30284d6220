import { PDFContext, PDFHexString, PDFObjectParser, type PDFArray, type PDFDict, type PDFRef } from '@cantoo/pdf-lib';
import { DEFAULT_DOCUMENT_LIMITS, tooComplex } from '../documents/index.js';

type ByteStream = ConstructorParameters<typeof PDFObjectParser>[0];

// pdf-lib does not export its ByteStream; its constructor is reached through a parser it made
const ByteStreamClass = (Reflect.get(PDFObjectParser.forBytes(new Uint8Array(0), PDFContext.create()), 'bytes') as ByteStream).constructor as new (bytes: Uint8Array) => ByteStream;

const LESS_THAN = 0x3c;
const GREATER_THAN = 0x3e;

/**
 * pdf-lib's object parser with two changes. Its hex-string parser appends one character at a
 * time, which made reading a signature dictionary (a /Contents of 16,000+ hex digits) cost
 * about 4 ms — a third of a whole verification: here the string is cut out in one slice; the
 * value is the same. (No crypto: encrypted documents are refused before any object is read.)
 * And it recurses into arrays and dictionaries without a bound, so 100,000 `[` would end in a
 * stack overflow: here the depth is counted and DOCUMENT_TOO_COMPLEX stops it at `maxDepth`.
 */
class FastHexObjectParser extends PDFObjectParser {
  private depth = 0;
  maxDepth = DEFAULT_DOCUMENT_LIMITS.nestingDepth;

  protected override parseArray(ref?: PDFRef): PDFArray {
    this.enter();
    try {
      return super.parseArray(ref);
    } finally {
      this.depth--;
    }
  }

  protected override parseDict(ref?: PDFRef): PDFDict {
    this.enter();
    try {
      return super.parseDict(ref);
    } finally {
      this.depth--;
    }
  }

  private enter(): void {
    if (++this.depth > this.maxDepth) throw tooComplex('nestingDepth', this.maxDepth, this.depth);
  }

  protected override parseHexString(_ref?: PDFRef): PDFHexString {
    const stream = this.bytes;
    stream.assertNext(LESS_THAN);
    const start = stream.offset();
    let end = start;
    for (let byte = stream.peekAt(end); byte !== undefined && byte !== GREATER_THAN; byte = stream.peekAt(++end));
    const value = Buffer.from(stream.slice(start, end)).toString('latin1');
    stream.moveTo(end);
    stream.assertNext(GREATER_THAN);
    return PDFHexString.of(value);
  }
}

/**
 * An object parser over `bytes` (what PDFObjectParser.forBytes returns, with a fast hex-string
 * path), refusing arrays and dictionaries nested deeper than `maxDepth`.
 */
export function objectParser(bytes: Uint8Array, context: PDFContext, maxDepth = DEFAULT_DOCUMENT_LIMITS.nestingDepth): PDFObjectParser {
  const parser = new FastHexObjectParser(new ByteStreamClass(bytes), context);
  parser.maxDepth = maxDepth;
  return parser;
}

/** A hex string's bytes (ISO 32000 §7.3.4.3: white space ignored, an odd last digit followed by 0), decoded in one call. */
export function hexStringBytes(value: PDFHexString): Buffer {
  const hex = value.asString().replace(/[\0\t\n\f\r ]/g, '');
  if (!/^[0-9a-fA-F]*$/.test(hex)) return Buffer.from(value.asBytes());
  return Buffer.from(hex.length % 2 === 1 ? `${hex}0` : hex, 'hex');
}
