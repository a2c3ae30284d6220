import type { SamCommandName } from './commands.js';
import { Sw3 } from './status.js';

/** Data bytes after SW of a text + photo reply: two lengths, 256 text, 1,024 photo. */
const TEXT_PHOTO_DATA = 4 + 256 + 1024;

type Shape = 'find' | 'select' | 'read' | 'plain' | 'other';

/** The success replies of protocols.md, told apart by SW3 and data length. */
function shape(body: Buffer): Shape {
  if (body.length < 3) return 'other';
  const data = body.length - 3;
  if (body[2] === Sw3.cardFound) return 'find'; // 9F + 4 bytes
  if (body[2] !== Sw3.success) return 'other'; // a status (no card, read failed …) may answer anything
  if (data === 0) return 'plain'; // reset, SAM status
  if (data === 8) return 'select'; // 90 + eight 00
  if (data === TEXT_PHOTO_DATA) return 'read';
  return 'other';
}

const OWN: Record<SamCommandName, readonly Shape[]> = {
  resetSam: ['plain'],
  samStatus: ['plain'],
  readSamId: ['plain'],
  findCard: ['find', 'plain'],
  selectCard: ['select', 'plain'],
  readTextAndPhoto: ['read'],
};

/**
 * Whether a reply body can be the answer to `command`. SAM replies do not echo the command, so
 * after a timeout the reader's late answer to the previous command could be taken for the next
 * one's (a find-card 9F arriving as the select's answer → a bogus protocol error). A reply that
 * is recognisably another command's success answer is refused; anything else (error statuses,
 * malformed replies, which the status check then names) is accepted.
 */
export function answersCommand(command: SamCommandName, body: Buffer): boolean {
  const s = shape(body);
  return s === 'other' || OWN[command].includes(s);
}
