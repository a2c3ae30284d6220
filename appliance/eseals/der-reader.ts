import * as asn1js from 'asn1js';
import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';

/**
 * Reading SESeal / SES_Signature bytes with asn1js, within budgets: a hostile .esl or
 * SignedValue.dat is refused as ESEAL_MALFORMED, never a crash, a stack overflow or a long walk.
 * The typed readers below name the field that is wrong in both languages.
 */

/** A seal picture may be an OFD or a large PNG: generous, but bounded. */
export const MAX_ESEAL_BYTES = 16 * 1024 * 1024;
/** The deepest real structure (SES_Signature → TBS_Sign → SESeal → … → ExtData) nests about 8 levels. */
export const MAX_ESEAL_DEPTH = 24;
export const MAX_ESEAL_NODES = 100_000;

export type Structure = 'SESeal' | 'SES_Signature';
export type Node = asn1js.AsnType;

export function malformed(structure: Structure, reason: string, reasonZh: string, cause?: unknown): SealdeskError {
  return new SealdeskError('ESEAL_MALFORMED', { structure, reason, reasonZh }, cause === undefined ? undefined : { cause });
}

/** Parses one DER value filling `der` exactly, after checking size, depth and node count. */
export function parseDer(der: Uint8Array, structure: Structure): Node {
  if (der.length > MAX_ESEAL_BYTES) {
    throw malformed(structure, `it has ${der.length} bytes, at most ${MAX_ESEAL_BYTES}`, `数据有 ${der.length} 字节，最多 ${MAX_ESEAL_BYTES} 字节`);
  }
  if (der.length === 0) throw malformed(structure, 'it is empty', '数据为空');
  let parsed: ReturnType<typeof asn1js.fromBER>;
  try {
    // a copy: asn1js keeps views into the buffer it is given, and the caller's Buffer may be pooled
    parsed = asn1js.fromBER(new Uint8Array(der).buffer);
  } catch (error) {
    // asn1js recurses per nesting level: a maliciously deep value ends here as a RangeError
    throw malformed(structure, 'it cannot be read as DER', '无法按 DER 解析', error);
  }
  if (parsed.offset === -1 || parsed.result.error) {
    throw malformed(structure, `it cannot be read as DER (${parsed.result.error || 'bad encoding'})`, '无法按 DER 解析');
  }
  if (parsed.offset !== der.length) {
    throw malformed(structure, `${der.length - parsed.offset} bytes follow the value`, `数据末尾多出 ${der.length - parsed.offset} 字节`);
  }
  checkShape(parsed.result, structure);
  return parsed.result;
}

/** Depth and node count, walked without recursion so the check itself cannot overflow. */
function checkShape(root: Node, structure: Structure): void {
  const stack: Array<[Node, number]> = [[root, 1]];
  let nodes = 0;
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    nodes += 1;
    if (depth > MAX_ESEAL_DEPTH) throw malformed(structure, `it nests deeper than ${MAX_ESEAL_DEPTH} levels`, `嵌套超过 ${MAX_ESEAL_DEPTH} 层`);
    if (nodes > MAX_ESEAL_NODES) throw malformed(structure, `it has more than ${MAX_ESEAL_NODES} values`, `包含超过 ${MAX_ESEAL_NODES} 个值`);
    const kids = children(node);
    if (!lengthsAgree(node, kids)) {
      throw malformed(structure, 'a value\'s length disagrees with what it contains', '某个值的长度与其内容不符');
    }
    for (const child of kids) stack.push([child, depth + 1]);
  }
}

/**
 * asn1js reads a constructed value's children past its declared length without complaint. Such a
 * value's bytes (what a signature covers) would not hold all the fields read from it, so a length
 * must be exactly its contents: header plus content for every value, children summing to the
 * content of a constructed one.
 */
function lengthsAgree(node: Node, kids: Node[]): boolean {
  const { lenBlock, idBlock } = node;
  if (lenBlock.isIndefiniteForm) return true;
  const header = idBlock.blockLength + lenBlock.blockLength;
  if (node.valueBeforeDecodeView.length !== header + lenBlock.length) return false;
  if (!idBlock.isConstructed) return true;
  return kids.reduce((sum, kid) => sum + kid.valueBeforeDecodeView.length, 0) === lenBlock.length;
}

function children(node: Node): Node[] {
  const value = (node as asn1js.BaseBlock & { valueBlock: { value?: unknown } }).valueBlock?.value;
  return node.idBlock.isConstructed && Array.isArray(value) ? (value as Node[]) : [];
}

/** The exact bytes of a value as it appeared in the input (tag, length and contents). */
export function rawBytes(node: Node): Buffer {
  return Buffer.from(node.valueBeforeDecodeView);
}

const UNIVERSAL = 1;
const CONTEXT = 3;

export function isUniversal(node: Node | undefined, tag: number): boolean {
  return node !== undefined && node.idBlock.tagClass === UNIVERSAL && node.idBlock.tagNumber === tag;
}

export function isContextTag(node: Node | undefined, tag: number): boolean {
  return node !== undefined && node.idBlock.tagClass === CONTEXT && node.idBlock.tagNumber === tag && node.idBlock.isConstructed;
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
    if (!isUniversal(node, TAG.SEQUENCE) || !node!.idBlock.isConstructed) throw this.wrong(path, 'SEQUENCE', node);
    const items = children(node!);
    if (items.length < minItems || items.length > maxItems) {
      const [expected, expectedZh] =
        maxItems === Infinity ? [`at least ${minItems}`, `至少 ${minItems}`] : minItems === maxItems ? [`${minItems}`, `${minItems}`] : [`${minItems} to ${maxItems}`, `${minItems} 至 ${maxItems}`];
      throw malformed(this.structure, `${path} has ${items.length} fields, expected ${expected}`, `${path} 有 ${items.length} 个字段，应为 ${expectedZh} 个`);
    }
    return items;
  }

  integer(node: Node | undefined, path: string): number {
    if (!isUniversal(node, TAG.INTEGER) || node!.idBlock.isConstructed) throw this.wrong(path, 'INTEGER', node);
    const value = (node as asn1js.Integer).toBigInt();
    if (value < BigInt(Number.MIN_SAFE_INTEGER) || value > BigInt(Number.MAX_SAFE_INTEGER)) throw this.wrong(path, 'INTEGER of at most 2^53', node);
    return Number(value);
  }

  /** IA5String as the standard says; PrintableString, VisibleString and UTF8String as found in the wild. */
  text(node: Node | undefined, path: string): string {
    const textual = [TAG.IA5_STRING, TAG.PRINTABLE_STRING, TAG.VISIBLE_STRING, TAG.UTF8_STRING];
    if (node === undefined || !textual.some((tag) => isUniversal(node, tag))) throw this.wrong(path, 'IA5String', node);
    const value = (node as asn1js.IA5String).valueBlock.value as unknown;
    // a constructed string (BER) has no single value: not DER, and not worth reassembling
    if (typeof value !== 'string' || node.idBlock.isConstructed) throw this.wrong(path, 'IA5String', node);
    return value;
  }

  utf8(node: Node | undefined, path: string): string {
    return this.text(node, path);
  }

  octets(node: Node | undefined, path: string): Buffer {
    if (!isUniversal(node, TAG.OCTET_STRING)) throw this.wrong(path, 'OCTET STRING', node);
    return Buffer.from((node as asn1js.OctetString).getValue());
  }

  /** BIT STRING; an OCTET STRING in its place, which some GM/T 0031 implementations write, is read the same. */
  bits(node: Node | undefined, path: string): Buffer {
    if (isUniversal(node, TAG.OCTET_STRING)) return this.octets(node, path);
    if (!isUniversal(node, TAG.BIT_STRING) || node!.idBlock.isConstructed) throw this.wrong(path, 'BIT STRING', node);
    const bits = node as asn1js.BitString;
    if (bits.valueBlock.unusedBits !== 0) throw this.wrong(path, 'BIT STRING of whole bytes', node);
    return Buffer.from(bits.valueBlock.valueHexView);
  }

  oid(node: Node | undefined, path: string): string {
    if (!isUniversal(node, TAG.OID)) throw this.wrong(path, 'OBJECT IDENTIFIER', node);
    return (node as asn1js.ObjectIdentifier).getValue();
  }

  boolean(node: Node | undefined, path: string): boolean {
    if (!isUniversal(node, TAG.BOOLEAN)) throw this.wrong(path, 'BOOLEAN', node);
    return (node as asn1js.Boolean).getValue();
  }

  /** GeneralizedTime (v4, v5) or UTCTime (v1); some v1 writers use the other one, so both anywhere. */
  time(node: Node | undefined, path: string): Date {
    if (!isUniversal(node, TAG.GENERALIZED_TIME) && !isUniversal(node, TAG.UTC_TIME)) throw this.wrong(path, 'GeneralizedTime', node);
    let date: Date;
    try {
      date = (node as asn1js.GeneralizedTime).toDate();
    } catch (error) {
      throw malformed(this.structure, `${path} is not a valid time`, `${path} 不是有效的时间`, error);
    }
    if (Number.isNaN(date.getTime())) throw malformed(this.structure, `${path} is not a valid time`, `${path} 不是有效的时间`);
    return date;
  }

  /** An OPTIONAL field written either [tag] EXPLICIT or untagged: the inner value, or undefined. */
  optionalTagged(node: Node | undefined, tag: number, untagged: (node: Node) => boolean): Node | undefined {
    if (node === undefined) return undefined;
    if (isContextTag(node, tag)) {
      const inner = children(node);
      return inner[0];
    }
    return untagged(node) ? node : undefined;
  }
}

function describe(node: Node): string {
  const { tagClass, tagNumber } = node.idBlock;
  if (tagClass === CONTEXT) return `[${tagNumber}]`;
  const name = Object.entries(TAG).find(([, value]) => value === tagNumber)?.[0];
  return tagClass === UNIVERSAL && name ? name.replace(/_/g, ' ') : `tag ${tagClass}/${tagNumber}`;
}
