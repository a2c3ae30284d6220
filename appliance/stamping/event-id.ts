import { randomUUID } from 'node:crypto';

/**
 * A seal event id: UUIDv7 (RFC 9562 §5.7), time-ordered so the ledger's outbox sorts by it.
 * Built on node:crypto because the installed `uuid` is 9.x (v7 arrived in 10) and
 * `npm install` is not ours to run: 48-bit Unix ms, version 7, 74 random bits, variant 10.
 * The random bits are a v4 UUID's (its version digit dropped, its variant kept): randomUUID
 * draws from a batch it keeps, where randomBytes(16) went to OpenSSL each time (~20 µs a stamp).
 */
export function newEventId(now = Date.now()): string {
  const random = randomUUID(); // xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx
  const time = now.toString(16).padStart(12, '0');
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${random.slice(15, 18)}-${random.slice(19)}`;
}
