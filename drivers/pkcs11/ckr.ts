import pkcs11js from 'pkcs11js';
import { SealdeskError, type ErrorDetails } from '../../firmware-bridge/errors/sealdesk-error.js';

/** The CKR_ code of a PKCS#11 failure, or undefined for anything else. */
export function ckrOf(error: unknown): number | undefined {
  return error instanceof pkcs11js.Pkcs11Error ? error.code : undefined;
}

export function ckrName(code: number): string {
  for (const [name, value] of Object.entries(pkcs11js)) {
    if (name.startsWith('CKR_') && value === code) return name;
  }
  return `CKR_0x${code.toString(16)}`;
}

/**
 * CKR_ codes that may mean the token went away under us (pulled USB key, vanished SoftHSM token
 * directory). They are only reported as TOKEN_NOT_PRESENT after a probe confirms it; see token.ts.
 */
export const PRESENCE_SUSPECT = new Set<number>([
  pkcs11js.CKR_DEVICE_REMOVED,
  pkcs11js.CKR_TOKEN_NOT_PRESENT,
  pkcs11js.CKR_TOKEN_NOT_RECOGNIZED,
  pkcs11js.CKR_SESSION_HANDLE_INVALID,
  pkcs11js.CKR_SESSION_CLOSED,
  pkcs11js.CKR_OBJECT_HANDLE_INVALID,
  pkcs11js.CKR_KEY_HANDLE_INVALID,
  pkcs11js.CKR_GENERAL_ERROR,
  pkcs11js.CKR_DEVICE_ERROR,
]);

/**
 * Maps a PKCS#11 failure to the catalogue. `context` adds what the caller knows (token label,
 * key label, tries left); a PIN is never part of it. Errors that are already typed pass through.
 */
export function fromPkcs11(error: unknown, context: ErrorDetails = {}): SealdeskError {
  if (error instanceof SealdeskError) return error;
  const code = ckrOf(error);
  if (code === undefined) {
    return new SealdeskError('DEVICE_ERROR', { reason: error instanceof Error ? error.message : String(error) }, { cause: error });
  }
  const cause = { cause: error };
  switch (code) {
    case pkcs11js.CKR_PIN_INCORRECT:
      return new SealdeskError('PIN_INCORRECT', { triesLeft: context.triesLeft ?? 'unknown' }, cause);
    case pkcs11js.CKR_PIN_LOCKED:
      return new SealdeskError('PIN_LOCKED', {}, cause);
    case pkcs11js.CKR_PIN_LEN_RANGE:
    case pkcs11js.CKR_PIN_INVALID:
      return new SealdeskError('PIN_POLICY', { min: context.minPinLen ?? '?', max: context.maxPinLen ?? '?' }, cause);
    case pkcs11js.CKR_USER_PIN_NOT_INITIALIZED:
      return new SealdeskError('PIN_NOT_INITIALIZED', {}, cause);
    case pkcs11js.CKR_USER_NOT_LOGGED_IN:
      return new SealdeskError('LOGIN_REQUIRED', {}, cause);
    case pkcs11js.CKR_TOKEN_NOT_PRESENT:
    case pkcs11js.CKR_DEVICE_REMOVED:
    case pkcs11js.CKR_TOKEN_NOT_RECOGNIZED:
      return new SealdeskError('TOKEN_NOT_PRESENT', { token: context.token ?? '?' }, cause);
    case pkcs11js.CKR_TOKEN_WRITE_PROTECTED:
      return new SealdeskError('TOKEN_WRITE_PROTECTED', {}, cause);
    case pkcs11js.CKR_MECHANISM_INVALID:
    case pkcs11js.CKR_MECHANISM_PARAM_INVALID:
    case pkcs11js.CKR_KEY_TYPE_INCONSISTENT:
    case pkcs11js.CKR_KEY_FUNCTION_NOT_PERMITTED:
    case 0x140: // CKR_CURVE_NOT_SUPPORTED (PKCS#11 3.0), not named by pkcs11js
      return new SealdeskError('MECHANISM_UNSUPPORTED', { mechanism: context.mechanism ?? ckrName(code) }, cause);
    case pkcs11js.CKR_KEY_HANDLE_INVALID:
    case pkcs11js.CKR_OBJECT_HANDLE_INVALID:
      return new SealdeskError('KEY_NOT_FOUND', { key: context.key ?? '?' }, cause);
    default:
      return new SealdeskError('DEVICE_ERROR', { reason: ckrName(code) }, cause);
  }
}
