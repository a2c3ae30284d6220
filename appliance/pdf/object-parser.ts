import { PDFContext, PDFHexString, PDFObjectParser, type PDFRef } from '@cantoo/pdf-lib';

type ByteStream = ConstructorParameters<typeof PDFObjectParser>[0];

// pdf-lib does not export its ByteStream; its constructor is reached through a parser it made
const ByteStreamClass = (Reflect.get(PDFObjectParser.forBytes(new Uint8Array(0), PDFContext.create()), 'bytes') as ByteStream).constructor as new (bytes: Uint8Array) => ByteStream;

const LESS_THAN = 0x3c;
const GREATER_THAN = 0x3e;

/**
 * pdf-lib's object parser with one method replaced: its hex-string parser appends one character
 * at a time, which made reading a signature dictionary (a /Contents of 16,000+ hex digits) cost
 * about 4 ms — a third of a whole verification. Here the string is cut out in one slice; the
 * value is the same. (No crypto: encrypted documents are refused before any object is read.)
 */
class FastHexObjectParser extends PDFObjectParser {
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

/** An object parser over `bytes` (what PDFObjectParser.forBytes returns, with a fast hex-string path). */
export function objectParser(bytes: Uint8Array, context: PDFContext): PDFObjectParser {
  return new FastHexObjectParser(new ByteStreamClass(bytes), context);
}

/** A hex string's bytes (ISO 32000 §7.3.4.3: white space ignored, an odd last digit followed by 0), decoded in one call. */
export function hexStringBytes(value: PDFHexString): Buffer {
  const hex = value.asString().replace(/[\0\t\n\f\r ]/g, '');
  if (!/^[0-9a-fA-F]*$/.test(hex)) return Buffer.from(value.asBytes());
  return Buffer.from(hex.length % 2 === 1 ? `${hex}0` : hex, 'hex');
}
