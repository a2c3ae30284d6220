import type { Identity } from './identity.js';
import { encodeField, encodeTextBlock } from './text-block.js';
import { encodeReply, SW3 } from './sam-frame.js';
import type { HostEvent } from './command-parser.js';

/** What the reader knows: the SAM's id and the card on it, if any. */
export interface ReaderState {
  samId: Buffer;
  card: Identity | null;
}

/** Stands in for a WLT photo when the identity brings none: opaque, but not all zeros. */
export function defaultPhoto(): Buffer {
  return Buffer.from(Array.from({ length: 1024 }, (_, i) => (i * 31 + 7) & 0xff));
}

function exactly(bytes: Uint8Array | undefined, length: number, fallback: () => Buffer): Buffer {
  if (bytes === undefined) return fallback();
  const out = Buffer.alloc(length);
  out.set(bytes.subarray(0, length));
  return out;
}

function lengths(...values: number[]): Buffer {
  // Lengths inside the data are big-endian, like LEN (01 00 = 256, 04 00 = 1,024).
  const out = Buffer.alloc(values.length * 2);
  values.forEach((v, i) => out.writeUInt16BE(v, i * 2));
  return out;
}

/** Whether the command is one that reads the card (the one an unplug fault interrupts). */
export function isCardRead(event: HostEvent): boolean {
  return event.kind === 'command' && event.command === 0x30 && (event.parameter === 0x01 || event.parameter === 0x10);
}

/**
 * The reply to one host event, per protocols.md. Where protocols.md is silent the choices are:
 * SAM id = 16 bytes; newest address = the 70-byte address field; text + photo + fingerprint =
 * three lengths (text, photo, fingerprint) then the three blocks, fingerprint length 0 when the
 * card holds none.
 */
export function respond(state: ReaderState, event: HostEvent): Buffer {
  if (event.kind === 'bad-checksum') return encodeReply(SW3.badChecksum);
  if (event.kind === 'bad-length') return encodeReply(SW3.badLength);
  const { command, parameter } = event;
  const card = state.card;
  switch ((command << 8) | parameter) {
    case 0x10ff: // reset SAM
    case 0x11ff: // SAM status
      return encodeReply(SW3.success);
    case 0x12ff:
      return encodeReply(SW3.success, state.samId);
    case 0x2001: // find card
      return card ? encodeReply(SW3.cardFound, Buffer.alloc(4)) : encodeReply(SW3.noCard);
    case 0x2002: // select card
      return card ? encodeReply(SW3.success, Buffer.alloc(8)) : encodeReply(SW3.selectFailed);
    case 0x3001: {
      if (!card) return encodeReply(SW3.readFailed);
      const photo = exactly(card.photo, 1024, defaultPhoto);
      return encodeReply(SW3.success, Buffer.concat([lengths(256, 1024), encodeTextBlock(card), photo]));
    }
    case 0x3003:
      if (!card) return encodeReply(SW3.readFailed);
      return encodeReply(SW3.success, encodeField('newestAddress', card.newestAddress ?? card.address, 70));
    case 0x3010: {
      if (!card) return encodeReply(SW3.readFailed);
      const photo = exactly(card.photo, 1024, defaultPhoto);
      const fingerprint = card.fingerprint ? exactly(card.fingerprint, 1024, () => Buffer.alloc(1024)) : Buffer.alloc(0);
      return encodeReply(
        SW3.success,
        Buffer.concat([lengths(256, 1024, fingerprint.length), encodeTextBlock(card), photo, fingerprint]),
      );
    }
    default:
      return encodeReply(SW3.unknownCommand);
  }
}
