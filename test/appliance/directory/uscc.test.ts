import { describe, expect, it } from 'vitest';
import { isSealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import { isValidUscc, parseUscc, usccCheckCharacter } from '../../../appliance/directory/uscc.js';

// Check characters computed independently (Python, from the GB 32100-2015 weights in protocols.md).
const VALID = [
  ['91350100M000100Y43', '工商', '企业', '350100'], // the example printed in GB 32100-2015
  ['11100000000013127D', '机构编制', '机关', '100000'], // a central authority
  ['12100000400000624D', '机构编制', '事业单位', '100000'],
  ['52330100MJ88947162', '民政', '民办非企业单位', '330100'],
  ['93330110MA2H0LNY96', '工商', '农民专业合作社', '330110'],
] as const;

function reasonOf(code: string): string {
  try {
    parseUscc(code);
  } catch (error) {
    if (isSealdeskError(error, 'USCC_INVALID')) return String(error.details.reason);
    throw error;
  }
  throw new Error(`${code} was accepted`);
}

describe('USCC (GB 32100-2015)', () => {
  it.each(VALID)('accepts %s and reads its fields', (code, authority, type, region) => {
    const parsed = parseUscc(code);
    expect(parsed.registrationAuthority.name).toBe(authority);
    expect(parsed.organisationType.name).toBe(type);
    expect(parsed.region).toBe(region);
    expect(parsed.organisationCode).toBe(code.slice(8, 17));
    expect(isValidUscc(code)).toBe(true);
  });

  it('computes the check character, with 31 written as 0', () => {
    expect(usccCheckCharacter('91350100M000100Y4')).toBe('3');
    // weighted sum ≡ 0 (mod 31) gives c = 31, which the standard writes as 0
    expect(usccCheckCharacter('91330106MA2CXKQ7D')).toBe('0');
    expect(isValidUscc('91330106MA2CXKQ7D0')).toBe(true);
  });

  it('rejects a wrong check character and names the right one', () => {
    expect(reasonOf('91350100M000100Y44')).toBe('the check character is "4", it should be "3"');
  });

  it('rejects a transposition of two characters (what the weights are for)', () => {
    expect(isValidUscc('91351000M000100Y43')).toBe(false);
  });

  it.each([
    ['91350100M000100Y4', /17 characters/],
    ['91350100M0001OOY43', /character 14 "O"/],
    ['91350100I000100Y43', /character 9 "I"/],
    ['91350100m000100y43', /character 9 "m"/],
    ['B1350100M000100Y43', /not a registration authority/],
    ['94350100M000100Y43', /not an organisation type of authority 9/],
    ['91990000M000100Y43', /not an administrative division code/],
  ])('rejects %s with USCC_INVALID', (code, reason) => {
    expect(reasonOf(code)).toMatch(reason);
  });

  it('gives clerks a sentence in both languages', () => {
    try {
      parseUscc('91350100M000100Y44');
    } catch (error) {
      expect(isSealdeskError(error, 'USCC_INVALID') && error.messageZh).toContain('统一社会信用代码无效');
      expect(isSealdeskError(error) && error.status).toBe(422);
    }
    expect.assertions(2);
  });
});
