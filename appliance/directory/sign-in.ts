import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';
import type { Operators } from './operators.js';
import type { OpenedSession, Sessions } from './sessions.js';
import { SignInThrottle } from './sign-in-throttle.js';

/** A person signs in with a password; a kiosk with its terminal name and credential. */
export type SignInCredentials = { username: string; password: string } | { terminal: string; credential: string };

export interface SignInParts {
  operators: Operators;
  sessions: Sessions;
  throttle: SignInThrottle;
}

export function signInName(credentials: SignInCredentials): string {
  return 'username' in credentials ? credentials.username : credentials.terminal;
}

/**
 * Opens a session, or fails with SIGN_IN_THROTTLED (while the account is locked out, from this
 * address or from everywhere) or SIGN_IN_FAILED. SIGN_IN_FAILED is one answer for an unknown
 * user, a wrong secret, a disabled account and a kiosk trying a password: none of them may tell
 * a guesser which it was.
 *
 * A password attempt is counted before scrypt runs (see SignInThrottle.reserve), so parallel
 * guesses past the limit are refused without a hash. A kiosk's terminal credential is not
 * throttled: 256 random bits cannot be guessed, and a lock would only serve whoever wants the
 * kiosk down; its failures are still audited by the caller.
 */
export async function signIn(parts: SignInParts, credentials: SignInCredentials, address: string, now = Date.now()): Promise<OpenedSession> {
  if (!('username' in credentials)) {
    const kiosk = parts.operators.checkTerminalCredential(credentials.terminal, credentials.credential);
    if (!kiosk) throw new SealdeskError('SIGN_IN_FAILED');
    return parts.sessions.open(kiosk, now);
  }
  const keys = SignInThrottle.keys(credentials.username, address);
  parts.throttle.reserve(keys, now);
  const operator = await parts.operators.checkPassword(credentials.username, credentials.password);
  if (!operator) throw new SealdeskError('SIGN_IN_FAILED');
  parts.throttle.recordSuccess(keys);
  return parts.sessions.open(operator, now);
}
