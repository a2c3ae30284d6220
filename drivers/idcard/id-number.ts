import { inspect } from 'node:util';
import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK = '10X98765432';
/** GB/T 2260 province-level codes (first two digits of the region), incl. 71 台湾, 81 香港, 82 澳门, 83 台湾居民居住证. */
const PROVINCES = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64,
  65, 71, 81, 82, 83,
]);

/** GB 11643 check character for the first 17 digits. */
export function idCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (WEIGHTS[i] as number);
  return CHECK[sum % 11] as string;
}

/** A real calendar date YYYYMMDD from 1800 up to today (UTC). */
export function isRealDate(yyyymmdd: string, today: Date = new Date()): boolean {
  if (!/^\d{8}$/.test(yyyymmdd)) return false;
  const y = Number(yyyymmdd.slice(0, 4));
  const m = Number(yyyymmdd.slice(4, 6));
  const d = Number(yyyymmdd.slice(6, 8));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return false;
  return y >= 1800 && date.getTime() <= today.getTime();
}

/**
 * Why an ID number fails GB 11643, or null when it passes. The reason never repeats the number.
 * `birth` (YYYYMMDD), when given, must equal the number's birth date (the card's own text field).
 */
export function idNumberProblem(value: string, birth?: string): string | null {
  if (!/^\d{17}[\dX]$/.test(value)) return 'not 17 digits and a check character';
  if (!PROVINCES.has(Number(value.slice(0, 2)))) return 'region';
  if (!isRealDate(value.slice(6, 14))) return 'birth date';
  if (birth !== undefined && birth !== value.slice(6, 14)) return 'birth date differs from the card text';
  if (idCheckCharacter(value) !== value[17]) return 'check character';
  return null;
}

const ID_NUMBER_PROBLEMS_ZH: Readonly<Record<string, string>> = {
  'not 17 digits and a check character': '应为 17 位数字加 1 位校验码',
  region: '地区码不正确',
  'birth date': '出生日期不正确',
  'birth date differs from the card text': '出生日期与证件上的不一致',
  'check character': '校验码不正确',
};

/** What idNumberProblem says, in Chinese for a clerk's sentence. */
export function idNumberProblemZh(problem: string): string {
  return ID_NUMBER_PROBLEMS_ZH[problem] ?? problem;
}

/**
 * A resident ID number, validated, that does not show itself: printing, logging or JSON of it
 * yields a mask. Only reveal() gives the digits, for the one place that needs them (subjectHash).
 */
export class IdNumber {
  readonly #value: string;

  private constructor(value: string) {
    this.#value = value;
  }

  /** Validates (upper-casing a trailing x) and wraps; throws ID_NUMBER_INVALID with the reason. */
  static parse(value: string, birth?: string): IdNumber {
    const normalised = value.trim().toUpperCase();
    const problem = idNumberProblem(normalised, birth);
    if (problem !== null) throw new SealdeskError('ID_NUMBER_INVALID', { reason: problem });
    return new IdNumber(normalised);
  }

  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return '[ID number]';
  }

  toJSON(): string {
    return '[ID number]';
  }

  [inspect.custom](): string {
    return 'IdNumber [hidden]';
  }
}
