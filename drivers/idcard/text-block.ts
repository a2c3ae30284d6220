import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';
import { IdNumber, isRealDate } from './id-number.js';
import { nationName } from './nations.js';

export const TEXT_BLOCK_LENGTH = 256;

/** Field offsets and lengths in bytes (UCS-2LE, space-padded), from protocols.md. */
const FIELDS = {
  name: [0, 30],
  sex: [30, 2],
  nation: [32, 4],
  birth: [36, 16],
  address: [52, 70],
  idNumber: [122, 36],
  authority: [158, 30],
  validFrom: [188, 16],
  validTo: [204, 16],
} as const satisfies Record<string, readonly [number, number]>;

export type Sex = 'male' | 'female';

export interface IdCardText {
  name: string;
  sex: Sex;
  nation: { code: string; name: string };
  /** YYYY-MM-DD */
  birthDate: string;
  address: string;
  idNumber: IdNumber;
  issuingAuthority: string;
  /** YYYY-MM-DD */
  validFrom: string;
  /** YYYY-MM-DD, or 'long-term' for 长期 (cards of people over 46 at issue). */
  validTo: string | 'long-term';
}

function field(block: Buffer, name: keyof typeof FIELDS): string {
  const [offset, length] = FIELDS[name];
  // Padding is spaces; some readers pad with NUL or the full-width space instead.
  return block
    .toString('utf16le', offset, offset + length)
    .replaceAll(String.fromCharCode(0), ' ')
    .replace(/[\s\u3000]+$/u, '')
    .replace(/^[\s\u3000]+/u, '');
}

function isoDate(yyyymmdd: string): string {
  return `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`;
}

/** The card's data is not what a card holds: a misread, to be retried by placing the card again. */
function misread(field: string): SealdeskError {
  return new SealdeskError('CARD_READ_FAILED', { field });
}

/**
 * Parses the 256-byte text block. Malformed fields → CARD_READ_FAILED (naming the field, never
 * its value); an ID number failing GB 11643 or disagreeing with the birth field → ID_NUMBER_INVALID.
 */
export function parseTextBlock(block: Buffer, today: Date = new Date()): IdCardText {
  if (block.length !== TEXT_BLOCK_LENGTH) throw misread('text length');
  const sexCode = field(block, 'sex');
  if (sexCode !== '1' && sexCode !== '2') throw misread('sex');
  const nationCode = field(block, 'nation');
  const nation = nationName(nationCode);
  if (nation === null) throw misread('nation');
  const birth = field(block, 'birth');
  if (!isRealDate(birth, today)) throw misread('birth');
  const validFrom = field(block, 'validFrom');
  if (!/^\d{8}$/.test(validFrom) || !isRealDate(validFrom, new Date(8.64e15))) throw misread('valid from');
  const validTo = field(block, 'validTo');
  const longTerm = validTo === '长期';
  if (!longTerm && (!/^\d{8}$/.test(validTo) || !isRealDate(validTo, new Date(8.64e15)))) throw misread('valid to');
  const name = field(block, 'name');
  if (name.length === 0) throw misread('name');
  return {
    name,
    sex: sexCode === '1' ? 'male' : 'female',
    nation: { code: nationCode, name: nation },
    birthDate: isoDate(birth),
    address: field(block, 'address'),
    idNumber: IdNumber.parse(field(block, 'idNumber'), birth),
    issuingAuthority: field(block, 'authority'),
    validFrom: isoDate(validFrom),
    validTo: longTerm ? 'long-term' : isoDate(validTo),
  };
}
