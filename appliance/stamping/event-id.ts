import { randomBytes } from 'node:crypto';

/**
 * A seal event id: UUIDv7 (RFC 9562 §5.7), time-ordered so the ledger's outbox sorts by it.
 * Built on node:crypto because the installed `uuid` is 9.x (v7 arrived in 10) and
 * `npm install` is not ours to run: 48-bit Unix ms, version 7, 74 random bits, variant 10.
 */
export function newEventId(now = Date.now()): string {
  const bytes = randomBytes(16);
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = 0x70 | (bytes[6]! & 0x0f);
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
