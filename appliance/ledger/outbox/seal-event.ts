import { createHmac } from 'node:crypto';
import { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import { uuid7 } from './uuid7.js';

export const EVENT_KINDS = ['stamped', 'seal-registered', 'seal-suspended', 'seal-resumed', 'seal-revoked', 'licence-issued', 'audit-checkpoint'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/** The stamped document's format (DocumentFormat.name): what a reader of a `stamped` event must open. */
export const DOCUMENT_FORMATS = ['pdf', 'ofd'] as const;
export type DocumentFormatName = (typeof DOCUMENT_FORMATS)[number];

/** What the code that caused the event knows. Hashes are lowercase hex SHA-256. */
export interface SealEventInput {
  kind: EventKind;
  sealId: string;
  documentHash?: string;
  signerCertificateHash?: string;
  terminalId: string;
  operatorId: string;
  /** saltedSubjectHash() of the citizen's ID number; the number itself never enters an event. */
  subjectHash?: string;
  /** `stamped` events: the document's format. */
  format?: DocumentFormatName;
  time?: Date;
}

/** The event as it is canonicalised, signed and anchored. */
export interface SealEvent {
  v: 1;
  id: string;
  kind: EventKind;
  sealId: string;
  documentHash: string | null;
  signerCertificateHash: string | null;
  terminalId: string;
  operatorId: string;
  subjectHash: string | null;
  time: string;
  /**
   * The stamped document's format, in `stamped` events made since OFD stamping. Absent, not null,
   * when not known: an older event's RFC 8785 bytes (its signature, its leaf, its receipts) stay
   * exactly what they were, and such an event is a PDF's.
   */
  format?: DocumentFormatName;
}

export interface SignedSealEvent extends SealEvent {
  signature: { alg: string; keyId: string; value: string };
}

const HASH = /^[0-9a-f]{64}$/;

function hashOrNull(name: string, value: string | undefined): string | null {
  if (value === undefined) return null;
  const hex = value.toLowerCase();
  if (!HASH.test(hex)) throw new SealdeskError('INPUT_INVALID', { reason: `${name} must be a SHA-256 in hex`, reasonZh: `${name} 须为十六进制的 SHA-256 值` });
  return hex;
}

/** A new event: a time-ordered id (UUIDv7) and the time in UTC, milliseconds. */
export function newSealEvent(input: SealEventInput): SealEvent {
  if (!EVENT_KINDS.includes(input.kind)) throw new SealdeskError('INPUT_INVALID', { reason: `unknown event kind ${String(input.kind)}`, reasonZh: `未知的事件类型 ${String(input.kind)}` });
  for (const name of ['sealId', 'terminalId', 'operatorId'] as const) {
    if (!input[name]) throw new SealdeskError('INPUT_INVALID', { reason: `${name} is missing`, reasonZh: `缺少 ${name}` });
  }
  if (input.format !== undefined && !DOCUMENT_FORMATS.includes(input.format)) {
    throw new SealdeskError('INPUT_INVALID', { reason: `unknown document format ${String(input.format)}`, reasonZh: `未知的文档格式 ${String(input.format)}` });
  }
  const time = input.time ?? new Date();
  return {
    v: 1,
    id: uuid7(time.getTime()),
    kind: input.kind,
    sealId: input.sealId,
    documentHash: hashOrNull('documentHash', input.documentHash),
    signerCertificateHash: hashOrNull('signerCertificateHash', input.signerCertificateHash),
    terminalId: input.terminalId,
    operatorId: input.operatorId,
    subjectHash: hashOrNull('subjectHash', input.subjectHash),
    time: time.toISOString(),
    ...(input.format ? { format: input.format } : {}),
  };
}

/** HMAC-SHA256 of an ID number under the terminal's salt: linkable only by whoever holds the salt. */
export function saltedSubjectHash(idNumber: string, salt: Buffer): string {
  return createHmac('sha256', salt).update(idNumber, 'utf8').digest('hex');
}
