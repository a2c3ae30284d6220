import { describe, expect, it } from 'vitest';
import { expectStatus } from '../../../drivers/idcard/status.js';
import { splitTextAndPhoto } from '../../../drivers/idcard/read-reply.js';
import { parseTextBlock } from '../../../drivers/idcard/text-block.js';
import { isSealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import { random } from '../../firmware-bridge/helpers/random.js';
import { ZHANG, readReply } from './fixtures.js';

const ALLOWED = new Set(['NO_CARD', 'CARD_READ_FAILED', 'ID_NUMBER_INVALID', 'FRAME_CHECKSUM', 'DEVICE_PROTOCOL_ERROR']);

/** The driver's parse path for a read reply body. */
function parse(body: Buffer) {
  const { text, photo } = splitTextAndPhoto(expectStatus(body, 'fuzz'), 'fuzz');
  return { ...parseTextBlock(text), photo };
}

describe('ID card reply parser fuzz', () => {
  it('100,000 mutated and random replies: only typed errors, and every accepted card is a valid card', () => {
    const r = random(11);
    const good = readReply(ZHANG).subarray(7, -1);
    const codes = new Map<string, number>();
    let accepted = 0;
    for (let i = 0; i < 100_000; i++) {
      let body: Buffer;
      switch (i % 4) {
        case 0: {
          // flip a few bytes inside the text block only: the interesting case for field parsing
          body = Buffer.from(good);
          for (let k = 1 + r.int(3); k > 0; k--) body[7 + r.int(256)] = r.int(256);
          break;
        }
        case 1:
          body = r.mutate(good);
          break;
        case 2:
          body = r.bytes(r.int(1400));
          break;
        default:
          body = Buffer.concat([Buffer.from([0, 0, r.int(256)]), r.bytes(r.int(16))]);
      }
      try {
        const card = parse(body);
        accepted++;
        // accepted means it passed every check: a valid number whose birth date matches
        expect(card.idNumber.reveal().slice(6, 14)).toBe(card.birthDate.replaceAll('-', ''));
        expect(card.photo.length).toBe(1024);
      } catch (error) {
        if (!isSealdeskError(error) || !ALLOWED.has(error.code)) throw error;
        codes.set(error.code, (codes.get(error.code) ?? 0) + 1);
      }
    }
    expect(accepted).toBeGreaterThan(0); // flips in padding or unused bytes keep the card valid
    expect(codes.get('CARD_READ_FAILED')).toBeGreaterThan(0);
    expect(codes.get('ID_NUMBER_INVALID')).toBeGreaterThan(0);
  });
});
