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
 * Opens a session, or fails with SIGN_IN_THROTTLED (while the username or the address is locked
 * out) or SIGN_IN_FAILED. SIGN_IN_FAILED is one answer for an unknown user, a wrong secret, a
 * disabled account and a kiosk trying a password: none of them may tell a guesser which it was.
 */
export async function signIn(parts: SignInParts, credentials: SignInCredentials, address: string, now = Date.now()): Promise<OpenedSession> {
  const userKey = SignInThrottle.usernameKey(signInName(credentials));
  const keys = [userKey, SignInThrottle.addressKey(address)];
  parts.throttle.assertOpen(keys, now);
  const operator =
    'username' in credentials
      ? await parts.operators.checkPassword(credentials.username, credentials.password)
      : parts.operators.checkTerminalCredential(credentials.terminal, credentials.credential);
  if (!operator) {
    parts.throttle.recordFailure(keys, now);
    throw new SealdeskError('SIGN_IN_FAILED');
  }
  parts.throttle.recordSuccess(userKey);
  return parts.sessions.open(operator, now);
}
