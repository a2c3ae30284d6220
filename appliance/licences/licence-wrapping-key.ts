import type { Pkcs11 } from '../../drivers/pkcs11/pkcs11.js';
import type { Token } from '../../drivers/pkcs11/token.js';
import { isSealdeskError, SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';
import { loadLedgerConfig } from '../ledger/ledger-config.js';

/** The label of the AES-256 key on the terminal's token that wraps the stored holder keys. */
export const LICENCE_WRAP_LABEL = 'sealdesk-licence-wrap';

/** What wraps holder keys at rest: a key that never leaves its token. */
export interface HolderKeyWrapper {
  /** The token's label (or serial), for messages. */
  readonly token: string;
  wrap(plaintext: Buffer, aad: Buffer): Promise<Buffer>;
  unwrap(sealed: Buffer, aad: Buffer): Promise<Buffer>;
}

// a token that is not open, gone, or lacks the key: the licence key cannot be used now (and nothing was written)
const UNAVAILABLE = new Set(['LOGIN_REQUIRED', 'TOKEN_NOT_PRESENT', 'KEY_NOT_FOUND']);

function unavailable(token: string, error?: unknown): unknown {
  if (error !== undefined && !(isSealdeskError(error) && UNAVAILABLE.has(error.code))) return error;
  return new SealdeskError('LICENCE_KEY_UNAVAILABLE', { token }, { cause: error });
}

/** The wrapping key on this token (AES-256-GCM on the token, see drivers/pkcs11/secret-key.ts); the token must be logged in. */
export function tokenWrapper(token: Token): HolderKeyWrapper {
  const name = token.label || token.serial;
  const guard = async <T>(operation: () => Promise<T>): Promise<T> => {
    if (!token.isLoggedIn) throw unavailable(name);
    try {
      return await operation();
    } catch (error) {
      throw unavailable(name, error);
    }
  };
  return {
    token: name,
    wrap: (plaintext, aad) => guard(() => token.encryptSecret(LICENCE_WRAP_LABEL, plaintext, aad)),
    unwrap: (sealed, aad) => guard(() => token.decryptSecret(LICENCE_WRAP_LABEL, sealed, aad)),
  };
}

/**
 * The terminal's token: the one holding its chain key (ledger.json chainKey.token). Licence
 * records are published with that key, so a terminal that issues licences has this token open
 * already (unattended, from start); it is the terminal's own identity, not a seal holder's, so
 * no clerk's or kiosk's token has to be open for another's holder keys to be read.
 */
export function terminalToken(home: string, pkcs11: Pkcs11): Token {
  const { chainKey } = loadLedgerConfig(home);
  try {
    return pkcs11.token(chainKey.token ? { label: chainKey.token } : {});
  } catch (error) {
    throw unavailable(chainKey.token ?? 'default', error);
  }
}

/** The terminal token's wrapper, after `login` (which may open the token or require it open). */
export async function terminalKeyWrapper(home: string, pkcs11: Pkcs11, login: (token: Token) => Promise<void>): Promise<HolderKeyWrapper> {
  const token = terminalToken(home, pkcs11);
  try {
    await login(token);
  } catch (error) {
    throw unavailable(token.label || token.serial, error);
  }
  return tokenWrapper(token);
}
