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

/**
 * A hex string of `size` zero bytes, `<00…00>`: the /Contents placeholder the CMS is written over.
 * Filled into the output in place, not built as a string of 32 K digits for every stamp.
 */
export class HexZeros extends PDFObject {
  constructor(readonly size: number) {
    super();
  }

  override clone(): HexZeros {
    return new HexZeros(this.size);
  }

  override toString(): string {
    return `<${'0'.repeat(this.size * 2)}>`;
  }

  override sizeInBytes(): number {
    return this.size * 2 + 2;
  }

  override copyBytesInto(buffer: Uint8Array, offset: number): number {
    const end = offset + this.size * 2 + 1;
    buffer[offset] = 0x3c; // <
    buffer.fill(0x30, offset + 1, end); // 0
    buffer[end] = 0x3e; // >
    return this.size * 2 + 2;
  }
}
