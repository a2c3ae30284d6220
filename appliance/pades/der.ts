/**
 * The few DER operations the CMS hot paths need, on bytes: write a TLV, walk the TLVs of a
 * constructed value. asn1js builds an object per node (about 5 µs each, ~1 ms for one CMS with
 * its certificates), and most of a CMS is certificates that are only ever passed on as bytes.
 * Definite lengths only: anything else is not DER, and callers fall back to asn1js / pkijs.
 */

export interface Tlv {
  /** The identifier octet (single-octet tags only: tag numbers below 31). */
  readonly tag: number;
  /** Offset of the identifier octet. */
  readonly start: number;
  /** Offset of the contents. */
  readonly contentStart: number;
  /** Offset just past the contents. */
  readonly end: number;
}

/** The TLV at `at`, inside `bytes` up to `limit`; undefined when it is not definite-length DER that fits. */
export function readTlv(bytes: Uint8Array, at: number, limit = bytes.length): Tlv | undefined {
  if (at + 2 > limit) return undefined;
  const tag = bytes[at]!;
  if ((tag & 0x1f) === 0x1f) return undefined;
  const first = bytes[at + 1]!;
  let length = first;
  let contentStart = at + 2;
  if (first >= 0x80) {
    const n = first & 0x7f;
    // 0x80 is BER's indefinite length; more than 4 length octets is not a CMS we meet
    if (n === 0 || n > 4 || at + 2 + n > limit) return undefined;
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + bytes[at + 2 + i]!;
    // DER: the shortest form
    if (length < 0x80 || (n > 1 && bytes[at + 2] === 0)) return undefined;
    contentStart = at + 2 + n;
  }
  const end = contentStart + length;
  return end <= limit ? { tag, start: at, contentStart, end } : undefined;
}

/** The TLVs that exactly fill a constructed value's contents; undefined if they do not. */
export function childrenOf(bytes: Uint8Array, parent: Tlv): Tlv[] | undefined {
  const children: Tlv[] = [];
  for (let at = parent.contentStart; at < parent.end; ) {
    const child = readTlv(bytes, at, parent.end);
    if (!child) return undefined;
    children.push(child);
    at = child.end;
  }
  return children;
}

/** The whole encoding of a TLV (identifier, length, contents). */
export function encodingOf(bytes: Uint8Array, tlv: Tlv): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset + tlv.start, tlv.end - tlv.start);
}

/** The contents of a TLV, without identifier and length. */
export function contentOf(bytes: Uint8Array, tlv: Tlv): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset + tlv.contentStart, tlv.end - tlv.contentStart);
}

/** A DER TLV of `tag` around the concatenated `parts`. */
export function tlv(tag: number, ...parts: Uint8Array[]): Buffer {
  const length = parts.reduce((sum, p) => sum + p.length, 0);
  const head = lengthOctets(length);
  const out = Buffer.allocUnsafe(1 + head.length + length);
  out[0] = tag;
  out.set(head, 1);
  let at = 1 + head.length;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

function lengthOctets(length: number): number[] {
  if (length < 0x80) return [length];
  const octets: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) octets.unshift(n % 256);
  return [0x80 | octets.length, ...octets];
}
