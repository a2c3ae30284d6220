import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * A kiosk's terminal credential: 256 random bits, shown once when the account is created or the
 * credential reissued, configured on the kiosk, never typed. With that much entropy a plain
 * SHA-256 is enough to store it (a guesser gains nothing from a slow hash), and checking it
 * costs nothing per sign-in.
 */
export function newTerminalCredential(): string {
  return `sdk_${randomBytes(32).toString('base64url')}`;
}

export function hashTerminalCredential(credential: string): string {
  return `sha256$${createHash('sha256').update(credential, 'utf8').digest('base64')}`;
}

export function verifyTerminalCredential(credential: string, hash: string): boolean {
  if (!hash.startsWith('sha256$')) return false;
  const expected = Buffer.from(hash.slice('sha256$'.length), 'base64');
  const actual = createHash('sha256').update(credential, 'utf8').digest();
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
