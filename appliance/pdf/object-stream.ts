import { PDFName, PDFNumber, type PDFContext, type PDFObject, type PDFRawStream } from '@cantoo/pdf-lib';
import { malformed } from './malformed.js';
import { objectParser } from './object-parser.js';
import { streamData } from './stream-data.js';

export interface ObjectStreamMember {
  readonly number: number;
  /** Offset in the decoded data, /First already added. */
  readonly offset: number;
}

/** A decoded object stream (ISO 32000-2 §7.5.7), its objects parsed one at a time on demand. */
export class ObjectStream {
  private readonly data: Buffer;
  readonly members: readonly ObjectStreamMember[];

  constructor(
    stream: PDFRawStream,
    private readonly context: PDFContext,
  ) {
    this.data = streamData(stream);
    this.members = objectStreamMembers(stream, this.data);
  }

  /** The object at `index` (the xref entry's index), checked against its number. */
  object(number: number, index: number): PDFObject {
    let member = this.members[index];
    if (member?.number !== number) member = this.members.find((m) => m.number === number);
    if (!member) throw malformed(`object ${number} is not in its object stream`);
    return objectParser(this.data.subarray(member.offset), this.context).parseObject();
  }
}

/** The "number offset" pairs at the head of an object stream. */
export function objectStreamMembers(stream: PDFRawStream, data: Buffer = streamData(stream)): ObjectStreamMember[] {
  const n = stream.dict.get(PDFName.of('N'));
  const first = stream.dict.get(PDFName.of('First'));
  if (!(n instanceof PDFNumber) || !(first instanceof PDFNumber)) throw malformed('object stream without /N or /First');
  const head = data.subarray(0, first.asNumber()).toString('latin1').trim().split(/\s+/).map(Number);
  const members: ObjectStreamMember[] = [];
  for (let i = 0; i < n.asNumber(); i++) {
    const number = head[2 * i];
    const offset = head[2 * i + 1];
    if (number === undefined || offset === undefined || Number.isNaN(number) || Number.isNaN(offset)) throw malformed('object stream header is cut short');
    members.push({ number, offset: first.asNumber() + offset });
  }
  return members;
}
