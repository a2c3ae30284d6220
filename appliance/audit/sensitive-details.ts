import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';
import type { AuditDetails } from './audit-entry.js';

/**
 * The audit log is kept for years and read by auditors who must not learn secrets or citizens'
 * data from it: details are codes and counts. This is checked on every append, not left to each
 * caller's care, because one careless `details: { ...request.body }` would leak for good (the
 * log cannot be edited afterwards — that is its point).
 */

/** Words that make a key sensitive: a secret, or a citizen's identity. */
const SECRET_WORDS = new Set(['pin', 'sopin', 'puk', 'password', 'passwd', 'passphrase', 'secret', 'credential', 'otp']);
/** …unless the key is about how many or how long ('pinTriesLeft', 'passwordLength'). */
const COUNT_WORDS = new Set(['tries', 'left', 'count', 'attempts', 'length', 'remaining', 'changed', 'expired', 'policy']);
const IDENTITY_KEYS = /idnumber|idno$|idcard|citizenid|identitynumber|shenfenzheng|^sfz|subject(?!hash)|phone|mobile|birth|email/;

/** camelCase, snake_case and kebab-case keys as lower-case words. */
function words(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

export function isSensitiveKey(key: string): boolean {
  const parts = words(key);
  const joined = parts.join('');
  if (parts.some((w) => SECRET_WORDS.has(w)) && !parts.some((w) => COUNT_WORDS.has(w))) return true;
  if (IDENTITY_KEYS.test(joined)) return true;
  // a home address is a citizen's; a network address (ipAddress) is what sign-in throttling needs
  if (parts.includes('address') && !parts.some((w) => w === 'ip' || w === 'mac' || w === 'remote')) return true;
  // a name of a person: 'name', 'fullName', 'holderName'; ids and counts of names are fine
  return parts[parts.length - 1] === 'name' || parts[parts.length - 1] === 'names';
}

/**
 * 18 characters in the resident ID form (17 digits and a digit or X) standing alone: whether or
 * not the check character is right, it may be a citizen's number (or a typo of one). Hex hashes
 * do not trip it: a run of digits inside a longer hex word is not standing alone.
 */
const ID_NUMBER = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/;

export function looksLikeIdNumber(value: string): boolean {
  return ID_NUMBER.test(value);
}

const MAX_KEYS = 32;
const MAX_STRING = 200;

/** Throws AUDIT_DETAIL_SENSITIVE (naming the key, never the value) or INPUT_INVALID. */
export function checkDetails(details: AuditDetails): void {
  const keys = Object.keys(details);
  if (keys.length > MAX_KEYS) throw new SealdeskError('INPUT_INVALID', { reason: `audit details have ${keys.length} keys, at most ${MAX_KEYS}`, reasonZh: `审计明细有 ${keys.length} 项，最多 ${MAX_KEYS} 项` });
  for (const key of keys) {
    if (isSensitiveKey(key)) throw new SealdeskError('AUDIT_DETAIL_SENSITIVE', { field: `details.${key}` });
    const value: unknown = details[key];
    if (value === null || typeof value === 'boolean') continue;
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) throw new SealdeskError('INPUT_INVALID', { reason: `audit detail ${key} is not a finite number`, reasonZh: `审计明细 ${key} 不是有效的数值` });
      // a number of 15+ digits is no count; it may be an ID number without its X
      if (Math.abs(value) >= 1e14) throw new SealdeskError('AUDIT_DETAIL_SENSITIVE', { field: `details.${key}` });
      continue;
    }
    if (typeof value !== 'string') throw new SealdeskError('INPUT_INVALID', { reason: `audit detail ${key} must be a string, number, boolean or null`, reasonZh: `审计明细 ${key} 只能是文字、数字、布尔值或空值` });
    if (value.length > MAX_STRING) throw new SealdeskError('INPUT_INVALID', { reason: `audit detail ${key} is longer than ${MAX_STRING} characters`, reasonZh: `审计明细 ${key} 超过 ${MAX_STRING} 个字符` });
    if (looksLikeIdNumber(value)) throw new SealdeskError('AUDIT_DETAIL_SENSITIVE', { field: `details.${key}` });
  }
}

/** The free-text fields outside details get the value check too. */
export function checkField(field: string, value: string | null | undefined): void {
  if (value && looksLikeIdNumber(value)) throw new SealdeskError('AUDIT_DETAIL_SENSITIVE', { field });
}
