import { PDFName, PDFNumber, type PDFContext, type PDFObject, type PDFRawStream } from '@cantoo/pdf-lib';
import { tooComplex, type DocumentBudget } from '../documents/index.js';
import { malformed } from './malformed.js';
import { objectParser } from './object-parser.js';
import { streamData } from './stream-data.js';

export interface ObjectStreamMember {
  readonly number: number;
  /** Offset in the decoded data, /First already added. */
  readonly offset: number;
}

/**
 * A decoded object stream (ISO 32000-2 §7.5.7), its objects parsed one at a time on demand.
 * Decoding one spends an objectStreams and its inflated bytes from the document's budget.
 */
export class ObjectStream {
  private readonly data: Buffer;
  readonly members: readonly ObjectStreamMember[];

  constructor(
    stream: PDFRawStream,
    private readonly context: PDFContext,
    private readonly budget: DocumentBudget,
  ) {
    budget.spend('objectStreams');
    this.data = streamData(stream, budget);
    this.members = objectStreamMembers(stream, budget, this.data);
  }

  /** The object at `index` (the xref entry's index), checked against its number. */
  object(number: number, index: number): PDFObject {
    let member = this.members[index];
    if (member?.number !== number) member = this.members.find((m) => m.number === number);
    if (!member) throw malformed(`object ${number} is not in its object stream`);
    return objectParser(this.data.subarray(member.offset), this.context, this.budget.limits.nestingDepth).parseObject();
  }
}

/** The "number offset" pairs at the head of an object stream; /N is held to the objects it can really hold. */
export function objectStreamMembers(stream: PDFRawStream, budget: DocumentBudget, data: Buffer = streamData(stream, budget)): ObjectStreamMember[] {
  const n = stream.dict.get(PDFName.of('N'));
  const first = stream.dict.get(PDFName.of('First'));
  if (!(n instanceof PDFNumber) || !(first instanceof PDFNumber)) throw malformed('object stream without /N or /First');
  const count = n.asNumber();
  const firstAt = first.asNumber();
  // each pair takes at least 4 bytes ("1 0 "): a larger /N is a lie, not a reason to loop
  if (!Number.isSafeInteger(count) || count < 0 || !Number.isSafeInteger(firstAt) || firstAt < 0 || count * 4 > firstAt + 1) {
    throw malformed('object stream /N or /First is impossible');
  }
  if (count > budget.maximum('objects')) throw tooComplex('objects', budget.maximum('objects'), count);
  const head = data.subarray(0, firstAt).toString('latin1').trim().split(/\s+/).map(Number);
  const members: ObjectStreamMember[] = [];
  for (let i = 0; i < count; i++) {
    const number = head[2 * i];
    const offset = head[2 * i + 1];
    if (number === undefined || offset === undefined || Number.isNaN(number) || Number.isNaN(offset)) throw malformed('object stream header is cut short');
    members.push({ number, offset: firstAt + offset });
  }
  return members;
}
