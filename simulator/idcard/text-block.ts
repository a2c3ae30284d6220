import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';
import type { Identity } from './identity.js';

/** Field layout from protocols.md (offset / length in bytes), written here independently of any driver. */
const FIELDS = [
  ['name', 0, 30],
  ['sex', 30, 2],
  ['nation', 32, 4],
  ['birth', 36, 16],
  ['address', 52, 70],
  ['idNumber', 122, 36],
  ['authority', 158, 30],
  ['validFrom', 188, 16],
  ['validTo', 204, 16],
] as const;

export const TEXT_BLOCK_LENGTH = 256;

/** One field as UCS-2LE padded with spaces; refuses what a card could not hold. */
export function encodeField(field: string, value: string, length: number): Buffer {
  // UCS-2 has no surrogate pairs: a character outside the BMP cannot be on a card.
  if (/[\uD800-\uDFFF]/.test(value)) {
    throw new SealdeskError('INPUT_INVALID', { reason: `${field} has a character outside UCS-2` });
  }
  if (value.length * 2 > length) {
    throw new SealdeskError('INPUT_INVALID', { reason: `${field} is longer than its ${length}-byte field` });
  }
  return Buffer.from(value.padEnd(length / 2, ' '), 'utf16le');
}

/** The 256-byte text block; the 36 reserved bytes are spaces as on a real card. */
export function encodeTextBlock(identity: Identity): Buffer {
  const block = Buffer.from(' '.repeat(TEXT_BLOCK_LENGTH / 2), 'utf16le');
  for (const [field, offset, length] of FIELDS) encodeField(field, identity[field], length).copy(block, offset);
  return block;
}

/** Throws INPUT_INVALID for a card no real card could be (a field too long, a non-UCS-2 character). */
export function checkCard(identity: Identity): void {
  encodeTextBlock(identity);
  if (identity.newestAddress !== undefined) encodeField('newestAddress', identity.newestAddress, 70);
}
