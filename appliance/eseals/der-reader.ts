import * as asn1js from 'asn1js';
import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';

/**
 * Reading SESeal / SES_Signature bytes within budgets: a hostile .esl or SignedValue.dat is refused
 * as ESEAL_MALFORMED, never a crash, a stack overflow or a long walk. The typed readers below name
 * the field that is wrong in both languages.
 *
 * The tag-length framing is walked here by hand; the values (OIDs, times) are decoded by asn1js.
 * asn1js's own parse of a whole structure tries every OCTET STRING's contents as nested ASN.1 (to
 * find encapsulated values), so a stamp's ~17 KB SES_Signature — picture, maker and signer
 * certificates all in OCTET STRINGs — cost ~1.4 ms to read, a third of an OFD verification
 * (docs/decisions.md, "OFD verification: the DER framing"). The framing is also stricter than
 * asn1js's: every length must be exactly what it holds.
 */

/** A seal picture may be an OFD or a large PNG: generous, but bounded. */
export const MAX_ESEAL_BYTES = 16 * 1024 * 1024;
/** The deepest real structure (SES_Signature → TBS_Sign → SESeal → … → ExtData) nests about 8 levels. */
export const MAX_ESEAL_DEPTH = 24;
export const MAX_ESEAL_NODES = 100_000;

export type Structure = 'SESeal' | 'SES_Signature';

/** One value: its tag, its exact bytes (tag, length, contents) and, when constructed, what it holds. */
export interface Node {
  /** 1 universal, 2 application, 3 context-specific, 4 private (asn1js's numbering). */
  tagClass: number;
  tagNumber: number;
  constructed: boolean;
  /** The whole encoding as it appeared in the input. */
  bytes: Uint8Array;
  /** The contents (for an indefinite length: without the end-of-contents octets). */
  content: Uint8Array;
  children: Node[];
}

export function malformed(structure: Structure, reason: string, reasonZh: string, cause?: unknown): SealdeskError {
  return new SealdeskError('ESEAL_MALFORMED', { structure, reason, reasonZh }, cause === undefined ? undefined : { cause });
}

/** Parses one DER value filling `der` exactly, within size, depth and node budgets. */
export function parseDer(der: Uint8Array, structure: Structure): Node {
  if (der.length > MAX_ESEAL_BYTES) {
    throw malformed(structure, `it has ${der.length} bytes, at most ${MAX_ESEAL_BYTES}`, `数据有 ${der.length} 字节，最多 ${MAX_ESEAL_BYTES} 字节`);
  }
  if (der.length === 0) throw malformed(structure, 'it is empty', '数据为空');
  // a copy: the nodes keep views into it, and the caller's Buffer may be pooled and reused
  const walk = new FrameWalk(new Uint8Array(der), structure);
  const root = walk.value(0, der.length, 1);
  const end = root.bytes.byteOffset - walk.data.byteOffset + root.bytes.length;
  if (end !== der.length) {
    throw malformed(structure, `${der.length - end} bytes follow the value`, `数据末尾多出 ${der.length - end} 字节`);
  }
  return root;
}

/** The tag-length framing of BER (definite lengths, and the indefinite form of constructed values that old writers use). */
class FrameWalk {
  #nodes = 0;
  constructor(
    readonly data: Uint8Array,
    readonly structure: Structure,
  ) {}

  #bad(reason: string, reasonZh: string): SealdeskError {
    return malformed(this.structure, reason, reasonZh);
  }

  #unreadable(): SealdeskError {
    return this.#bad('it cannot be read as DER (a value runs past its end)', '无法按 DER 解析（某个值超出了数据末尾）');
  }

  /** The value starting at `at`, which must end by `limit`; depth counted from the root (1). */
  value(at: number, limit: number, depth: number): Node {
    if (depth > MAX_ESEAL_DEPTH) throw this.#bad(`it nests deeper than ${MAX_ESEAL_DEPTH} levels`, `嵌套超过 ${MAX_ESEAL_DEPTH} 层`);
    if (++this.#nodes > MAX_ESEAL_NODES) throw this.#bad(`it has more than ${MAX_ESEAL_NODES} values`, `包含超过 ${MAX_ESEAL_NODES} 个值`);
    const data = this.data;
    let p = at;
    if (p >= limit) throw this.#unreadable();
    const first = data[p++]!;
    const tagClass = (first >> 6) + 1;
    const constructed = (first & 0x20) !== 0;
    let tagNumber = first & 0x1f;
    if (tagNumber === 0x1f) {
      // high tag numbers, base 128: four bytes are more than any structure here uses
      tagNumber = 0;
      for (let i = 0; ; i++) {
        if (p >= limit || i === 4) throw this.#unreadable();
        const b = data[p++]!;
        tagNumber = tagNumber * 128 + (b & 0x7f);
        if ((b & 0x80) === 0) break;
      }
    }
    if (p >= limit) throw this.#unreadable();
    const lengthByte = data[p++]!;
    if (lengthByte === 0x80) {
      if (!constructed) throw this.#bad('a primitive value has an indefinite length', '某个基本类型的值长度不定');
      const contentStart = p;
      const children: Node[] = [];
      for (;;) {
        if (p + 2 > limit) throw this.#unreadable();
        if (data[p] === 0 && data[p + 1] === 0) break;
        const kid = this.value(p, limit, depth + 1);
        children.push(kid);
        p += kid.bytes.length;
      }
      return { tagClass, tagNumber, constructed, bytes: data.subarray(at, p + 2), content: data.subarray(contentStart, p), children };
    }
    let length = lengthByte;
    if (lengthByte > 0x80) {
      const count = lengthByte & 0x7f;
      if (count > 4) throw this.#bad('a value\'s length takes more than four bytes', '某个值的长度字段超过 4 字节');
      length = 0;
      for (let i = 0; i < count; i++) {
        if (p >= limit) throw this.#unreadable();
        length = length * 256 + data[p++]!;
      }
    }
    const end = p + length;
    if (end > limit) throw this.#unreadable();
    const children: Node[] = [];
    if (constructed) {
      for (let q = p; q < end; ) {
        const kid = this.value(q, end, depth + 1);
        children.push(kid);
        q += kid.bytes.length;
      }
    }
    return { tagClass, tagNumber, constructed, bytes: data.subarray(at, end), content: data.subarray(p, end), children };
  }
}

/** The exact bytes of a value as it appeared in the input (tag, length and contents). */
export function rawBytes(node: Node): Buffer {
  return Buffer.from(node.bytes);
}

const UNIVERSAL = 1;
const CONTEXT = 3;

export function isUniversal(node: Node | undefined, tag: number): boolean {
  return node !== undefined && node.tagClass === UNIVERSAL && node.tagNumber === tag;
}

export function isContextTag(node: Node | undefined, tag: number): boolean {
  return node !== undefined && node.tagClass === CONTEXT && node.tagNumber === tag && node.constructed;
}

/** Universal tag numbers the structures use. */
export const TAG = {
  BOOLEAN: 1,
  INTEGER: 2,
  BIT_STRING: 3,
  OCTET_STRING: 4,
  OID: 6,
  UTF8_STRING: 12,
  SEQUENCE: 16,
  PRINTABLE_STRING: 19,
  IA5_STRING: 22,
  UTC_TIME: 23,
  GENERALIZED_TIME: 24,
  VISIBLE_STRING: 26,
} as const;

/**
 * A reader for one field path (`SES_SealInfo.picture.width`): each method checks the value's type
 * and gives it as a plain value, or throws ESEAL_MALFORMED naming the field.
 */
export class FieldReader {
  constructor(readonly structure: Structure) {}

  wrong(path: string, expected: string, node?: Node): SealdeskError {
    const found = node === undefined ? 'nothing' : describe(node);
    return malformed(this.structure, `${path} should be ${expected}, found ${found}`, `${path} 应为 ${expected}，实为 ${found === 'nothing' ? '空缺' : found}`);
  }

  sequence(node: Node | undefined, path: string, minItems = 0, maxItems = Infinity): Node[] {
    if (!isUniversal(node, TAG.SEQUENCE) || !node!.constructed) throw this.wrong(path, 'SEQUENCE', node);
    const items = node!.children;
    if (items.length < minItems || items.length > maxItems) {
      const [expected, expectedZh] =
        maxItems === Infinity ? [`at least ${minItems}`, `至少 ${minItems}`] : minItems === maxItems ? [`${minItems}`, `${minItems}`] : [`${minItems} to ${maxItems}`, `${minItems} 至 ${maxItems}`];
      throw malformed(this.structure, `${path} has ${items.length} fields, expected ${expected}`, `${path} 有 ${items.length} 个字段，应为 ${expectedZh} 个`);
    }
    return items;
  }

  integer(node: Node | undefined, path: string): number {
    if (!isUniversal(node, TAG.INTEGER) || node!.constructed || node!.content.length === 0) throw this.wrong(path, 'INTEGER', node);
    const { content } = node!;
    // two's complement, big-endian
    let value = BigInt.asIntN(8, BigInt(content[0]!));
    for (let i = 1; i < content.length; i++) value = value * 256n + BigInt(content[i]!);
    if (value < BigInt(Number.MIN_SAFE_INTEGER) || value > BigInt(Number.MAX_SAFE_INTEGER)) throw this.wrong(path, 'INTEGER of at most 2^53', node);
    return Number(value);
  }

  /** IA5String as the standard says; PrintableString, VisibleString and UTF8String as found in the wild. */
  text(node: Node | undefined, path: string): string {
    const textual = [TAG.IA5_STRING, TAG.PRINTABLE_STRING, TAG.VISIBLE_STRING, TAG.UTF8_STRING];
    if (node === undefined || !textual.some((tag) => isUniversal(node, tag))) throw this.wrong(path, 'IA5String', node);
    // a constructed string (BER) has no single value: not DER, and not worth reassembling
    if (node.constructed) throw this.wrong(path, 'IA5String', node);
    // the 8-bit string types byte for byte, as asn1js reads them
    return Buffer.from(node.content).toString(isUniversal(node, TAG.UTF8_STRING) ? 'utf8' : 'latin1');
  }

  utf8(node: Node | undefined, path: string): string {
    return this.text(node, path);
  }

  octets(node: Node | undefined, path: string): Buffer {
    if (!isUniversal(node, TAG.OCTET_STRING)) throw this.wrong(path, 'OCTET STRING', node);
    if (!node!.constructed) return Buffer.from(node!.content);
    // BER's constructed form: the primitive pieces in order
    if (!node!.children.every((piece) => isUniversal(piece, TAG.OCTET_STRING) && !piece.constructed)) throw this.wrong(path, 'OCTET STRING', node);
    return Buffer.concat(node!.children.map((piece) => piece.content));
  }

  /** BIT STRING; an OCTET STRING in its place, which some GM/T 0031 implementations write, is read the same. */
  bits(node: Node | undefined, path: string): Buffer {
    if (isUniversal(node, TAG.OCTET_STRING)) return this.octets(node, path);
    if (!isUniversal(node, TAG.BIT_STRING) || node!.constructed || node!.content.length === 0) throw this.wrong(path, 'BIT STRING', node);
    // the first octet counts the unused bits of the last
    if (node!.content[0] !== 0) throw this.wrong(path, 'BIT STRING of whole bytes', node);
    return Buffer.from(node!.content.subarray(1));
  }

  oid(node: Node | undefined, path: string): string {
    if (!isUniversal(node, TAG.OID) || node!.constructed) throw this.wrong(path, 'OBJECT IDENTIFIER', node);
    const value = decodeAlone(node!, asn1js.ObjectIdentifier)?.getValue();
    if (!value) throw this.wrong(path, 'OBJECT IDENTIFIER', node);
    return value;
  }

  boolean(node: Node | undefined, path: string): boolean {
    if (!isUniversal(node, TAG.BOOLEAN) || node!.constructed || node!.content.length !== 1) throw this.wrong(path, 'BOOLEAN', node);
    return node!.content[0] !== 0;
  }

  /** GeneralizedTime (v4, v5) or UTCTime (v1); some v1 writers use the other one, so both anywhere. */
  time(node: Node | undefined, path: string): Date {
    if (!isUniversal(node, TAG.GENERALIZED_TIME) && !isUniversal(node, TAG.UTC_TIME)) throw this.wrong(path, 'GeneralizedTime', node);
    let date: Date;
    try {
      const time = decodeAlone(node!, isUniversal(node, TAG.UTC_TIME) ? asn1js.UTCTime : asn1js.GeneralizedTime);
      if (!time || node!.constructed) throw new RangeError('not a time value');
      date = time.toDate();
    } catch (error) {
      throw malformed(this.structure, `${path} is not a valid time`, `${path} 不是有效的时间`, error);
    }
    if (Number.isNaN(date.getTime())) throw malformed(this.structure, `${path} is not a valid time`, `${path} 不是有效的时间`);
    return date;
  }

  /** An OPTIONAL field written either [tag] EXPLICIT or untagged: the inner value, or undefined. */
  optionalTagged(node: Node | undefined, tag: number, untagged: (node: Node) => boolean): Node | undefined {
    if (node === undefined) return undefined;
    if (isContextTag(node, tag)) return node.children[0];
    return untagged(node) ? node : undefined;
  }
}

function describe(node: Node): string {
  const { tagClass, tagNumber } = node;
  if (tagClass === CONTEXT) return `[${tagNumber}]`;
  const name = Object.entries(TAG).find(([, value]) => value === tagNumber)?.[0];
  return tagClass === UNIVERSAL && name ? name.replace(/_/g, ' ') : `tag ${tagClass}/${tagNumber}`;
}

/** One small primitive value (an OID, a time) decoded by asn1js on its own bytes; undefined if asn1js does not read it as that type. */
function decodeAlone<T extends asn1js.BaseBlock>(node: Node, type: new () => T): T | undefined {
  const parsed = asn1js.fromBER(new Uint8Array(node.bytes).buffer);
  if (parsed.offset === -1 || parsed.result.error || !(parsed.result instanceof type)) return undefined;
  return parsed.result;
}
