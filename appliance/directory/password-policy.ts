import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';

/**
 * Length over composition rules (NIST SP 800-63B): a long passphrase a clerk can remember beats
 * a short one with a digit and a symbol on a sticky note. The upper bound only keeps scrypt's
 * input sane.
 */
export const PASSWORD_MIN_LENGTH = 10;
const PASSWORD_MAX_LENGTH = 256;

export function checkPasswordPolicy(password: string, username: string): void {
  const length = [...password].length;
  const containsUsername = username.length >= 3 && password.toLowerCase().includes(username.toLowerCase());
  if (length < PASSWORD_MIN_LENGTH || length > PASSWORD_MAX_LENGTH || containsUsername || password.trim() === '') {
    throw new SealdeskError('PASSWORD_POLICY', { minLength: PASSWORD_MIN_LENGTH });
  }
}
