import { IdNumber } from '../../drivers/idcard/id-number.js';
import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';
import type { SignedSealEvent } from '../ledger/outbox/seal-event.js';

/** The licence types of the hall (电子证照目录); a type is named by its key or its Chinese name. */
export const LICENCE_TYPES = {
  'business-licence': '营业执照',
  'residence-certificate': '居住证明',
  'tax-clearance': '完税证明',
  'no-criminal-record': '无违法犯罪记录证明',
} as const;
export type LicenceType = keyof typeof LICENCE_TYPES;

/** The same types in English, for the pages and reports of an English reader. */
export const LICENCE_TYPE_NAMES_EN: Readonly<Record<LicenceType, string>> = {
  'business-licence': 'Business licence',
  'residence-certificate': 'Residence certificate',
  'tax-clearance': 'Tax clearance certificate',
  'no-criminal-record': 'No-criminal-record certificate',
};

export function licenceType(text: string): LicenceType {
  const found = (Object.keys(LICENCE_TYPES) as LicenceType[]).find((key) => key === text || LICENCE_TYPES[key] === text);
  if (!found) throw new SealdeskError('INPUT_INVALID', { reason: `licence type must be one of ${Object.entries(LICENCE_TYPES).map(([k, v]) => `${k} (${v})`).join(', ')}`, reasonZh: `证照类型须为以下之一：${Object.entries(LICENCE_TYPES).map(([k, v]) => `${k}（${v}）`).join('、')}` });
  return found;
}

/**
 * A licence record as its holder reads it after decryption. Only this plaintext holds personal
 * data (holder, fields); it exists in memory on the issuing terminal and on the reader's side.
 */
export interface LicenceRecord {
  v: 1;
  /** UUIDv7, also the id of its licence-issued seal event; on chain as keccak256 of the text. */
  licenceId: string;
  type: LicenceType;
  typeName: string;
  holder: { name: string; idNumber: string };
  fields: Record<string, string>;
  organisation: { name: string; uscc: string };
  seal: { id: string; name: string; /** the seal certificate, DER in base64: its hash is on chain */ certificate: string };
  /** SHA-256 (hex) of the stamped document the licence was issued with. */
  documentHash: string;
  /** saltedSubjectHash of the holder's ID number. */
  subjectHash: string;
  issuedAt: string;
  /** The licence-issued seal event, signed by the seal's key, as it went into the outbox. */
  event: SignedSealEvent;
}

export interface HolderInput {
  name: string;
  idNumber: string;
}

const FIELD_LIMIT = 64;
const TEXT_LIMIT = 1024;

/** The holder checked (GB 11643 check character) and normalised; the number stays out of every message. */
export function checkHolder(holder: HolderInput): { name: string; idNumber: IdNumber } {
  const name = holder.name.trim();
  if (!name || [...name].length > 64) throw new SealdeskError('INPUT_INVALID', { reason: 'holder name must be 1 to 64 characters', reasonZh: '持证人姓名须为 1 至 64 个字' });
  return { name, idNumber: IdNumber.parse(holder.idNumber) };
}

/** Fields of the licence (e.g. 住址, 有效期): a flat map of short texts. */
export function checkFields(fields: unknown): Record<string, string> {
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) throw new SealdeskError('INPUT_INVALID', { reason: 'fields must be a JSON object of texts', reasonZh: 'fields 须为各项均为文字的 JSON 对象' });
  const entries = Object.entries(fields as Record<string, unknown>);
  if (entries.length > FIELD_LIMIT) throw new SealdeskError('INPUT_INVALID', { reason: `at most ${FIELD_LIMIT} fields`, reasonZh: `最多 ${FIELD_LIMIT} 个字段` });
  const out: Record<string, string> = {};
  for (const [key, value] of entries) {
    if (!key.trim() || key.length > 64) throw new SealdeskError('INPUT_INVALID', { reason: 'a field name must be 1 to 64 characters', reasonZh: '字段名须为 1 至 64 个字符' });
    if (typeof value !== 'string' && typeof value !== 'number') throw new SealdeskError('INPUT_INVALID', { reason: `field ${key} must be a text`, reasonZh: `字段 ${key} 须为文字` });
    const text = String(value);
    if (text.length > TEXT_LIMIT) throw new SealdeskError('INPUT_INVALID', { reason: `field ${key} is longer than ${TEXT_LIMIT} characters`, reasonZh: `字段 ${key} 超过 ${TEXT_LIMIT} 个字` });
    out[key] = text;
  }
  return out;
}
