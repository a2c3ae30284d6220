import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';

/** SW3 values of the reader's replies (SW1 SW2 are 00 00). */
export const Sw3 = {
  success: 0x90,
  cardFound: 0x9f,
  noCard: 0x80,
  selectFailed: 0x81,
  readFailed: 0x41,
  /** The reader received our request with a bad checksum: resend. */
  badChecksum: 0x10,
  badLength: 0x11,
  unknownCommand: 0x21,
} as const;

/** True for the reply that means "your request arrived corrupted", which the link resends. */
export function isRequestChecksumReply(body: Buffer): boolean {
  return body.length >= 3 && body[0] === 0 && body[1] === 0 && body[2] === Sw3.badChecksum;
}

/**
 * Checks a reply body's status words and returns the data after them; any status other than
 * one of `ok` becomes the typed error a clerk can act on.
 */
export function expectStatus(body: Buffer, device: string, ok: readonly number[] = [Sw3.success]): Buffer {
  if (body.length < 3 || body[0] !== 0 || body[1] !== 0) {
    throw new SealdeskError('DEVICE_PROTOCOL_ERROR', { device, reason: 'reply without status words', reasonZh: '应答中没有状态字' });
  }
  const sw3 = body[2] as number;
  if (ok.includes(sw3)) return body.subarray(3);
  switch (sw3) {
    case Sw3.noCard:
      throw new SealdeskError('NO_CARD', { device });
    case Sw3.selectFailed:
    case Sw3.readFailed:
      throw new SealdeskError('CARD_READ_FAILED', { device, sw3 });
    case Sw3.badChecksum:
      throw new SealdeskError('FRAME_CHECKSUM', { device });
    default:
      throw new SealdeskError('DEVICE_PROTOCOL_ERROR', { device, reason: `SW3 0x${sw3.toString(16).padStart(2, '0')}` });
  }
}
