/**
 * DER written by hand for the few shapes a stamp needs, so the seal (already DER, ~17 KB with its
 * picture) is spliced in as bytes: parsing it again with asn1js to write it back took most of a stamp.
 */

/** Tag, definite length (short or long form), contents. */
export function tlv(tag: number, contents: Uint8Array): Buffer {
  const n = contents.length;
  let header: Buffer;
  if (n < 0x80) header = Buffer.from([tag, n]);
  else {
    const bytes: number[] = [];
    for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
    header = Buffer.from([tag, 0x80 | bytes.length, ...bytes]);
  }
  return Buffer.concat([header, contents]);
}

export const sequence = (...items: Uint8Array[]): Buffer => tlv(0x30, Buffer.concat(items));
/** Non-negative and small (a version). */
export function smallInteger(value: number): Buffer {
  if (!Number.isInteger(value) || value < 0 || value > 0x7f) throw new RangeError(`${value} is not a small INTEGER`);
  return tlv(0x02, Buffer.from([value]));
}
/** No unused bits: every BIT STRING GB/T 38540 writes holds whole bytes. */
export const bitString = (value: Uint8Array): Buffer => tlv(0x03, Buffer.concat([Buffer.from([0]), value]));
export const octetString = (value: Uint8Array): Buffer => tlv(0x04, value);
export function ia5String(value: string): Buffer {
  // eslint-disable-next-line no-control-regex
  if (!/^[\x00-\x7f]*$/.test(value)) throw new TypeError(`"${value}" is not IA5 (ASCII) text`);
  return tlv(0x16, Buffer.from(value, 'latin1'));
}
/** GeneralizedTime to the second in UTC (YYYYMMDDHHMMSSZ): DER forbids a trailing zero fraction. */
export function generalizedTime(date: Date): Buffer {
  const text = new Date(Math.floor(date.getTime() / 1000) * 1000).toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z';
  return tlv(0x18, Buffer.from(text, 'latin1'));
}
/** [n] EXPLICIT around an already-encoded value. */
export const explicit = (n: number, value: Uint8Array): Buffer => tlv(0xa0 | n, value);
