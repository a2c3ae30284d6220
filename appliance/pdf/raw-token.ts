import { PDFObject } from '@cantoo/pdf-lib';

/**
 * Bytes written as they are. The signature dictionary needs fixed-width placeholders that are
 * patched in place once offsets are known (/ByteRange, /Contents), which no pdf-lib object type
 * writes; and pdf-lib copies a string a character at a time, slow for /Contents' 32 K digits.
 */
export class RawToken extends PDFObject {
  constructor(readonly text: string) {
    super();
  }

  override clone(): RawToken {
    return new RawToken(this.text);
  }

  override toString(): string {
    return this.text;
  }

  override sizeInBytes(): number {
    return this.text.length;
  }

  override copyBytesInto(buffer: Uint8Array, offset: number): number {
    return Buffer.from(buffer.buffer, buffer.byteOffset, buffer.byteLength).write(this.text, offset, 'latin1');
  }
}
