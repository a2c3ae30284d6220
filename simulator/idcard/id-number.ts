/**
 * GB 11643 resident ID numbers: 6-digit region, 8-digit birth date, 3-digit sequence (odd male,
 * even female), check character. Tests use this to make valid numbers and deliberately bad ones.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK = '10X98765432';

/** The check character for the first 17 digits. */
export function idCheckCharacter(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('the check character needs exactly 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK[sum % 11]!;
}

/** A valid 18-character ID number; sequence parity follows sex (odd male, even female). */
export function makeIdNumber(options: { region?: string; birth?: string; sequence?: number; sex?: '1' | '2' } = {}): string {
  const region = options.region ?? '330106';
  const birth = options.birth ?? '19900307';
  const sex = options.sex ?? '1';
  let sequence = options.sequence ?? (sex === '1' ? 123 : 124);
  // Keep the sequence consistent with sex, as a real number is.
  if ((sequence % 2 === 1) !== (sex === '1')) sequence = (sequence + 1) % 1000;
  const first17 = `${region}${birth}${String(sequence).padStart(3, '0')}`;
  return first17 + idCheckCharacter(first17);
}

/** The same number with a wrong check character, for tests of ID_NUMBER_INVALID. */
export function withWrongCheckCharacter(idNumber: string): string {
  const right = idCheckCharacter(idNumber.slice(0, 17));
  const wrong = CHECK[(CHECK.indexOf(right) + 1) % 11]!;
  return idNumber.slice(0, 17) + wrong;
}
