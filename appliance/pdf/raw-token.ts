import { PDFObject } from '@cantoo/pdf-lib';

/**
 * Bytes written as they are. The signature dictionary needs fixed-width placeholders that are
 * patched in place once offsets are known (/ByteRange), which no pdf-lib object type writes.
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
    for (let i = 0; i < this.text.length; i++) buffer[offset + i] = this.text.charCodeAt(i);
    return this.text.length;
  }
}
