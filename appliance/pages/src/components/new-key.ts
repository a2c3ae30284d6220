/**
 * A fresh Idempotency-Key (32 hex digits). crypto.getRandomValues, unlike crypto.randomUUID, also
 * works on a terminal reached over plain http by its address (not a secure context).
 */
export function newKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
