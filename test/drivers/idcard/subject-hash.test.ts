import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { IdNumber } from '../../../drivers/idcard/id-number.js';
import { subjectHash } from '../../../drivers/idcard/subject-hash.js';

const SALT = 'terminal-salt-0123456789';

describe('subjectHash', () => {
  it('is HMAC-SHA256 of the number keyed with the salt', () => {
    const expected = createHmac('sha256', SALT).update('11010519491231002X').digest('hex');
    expect(subjectHash(IdNumber.parse('11010519491231002X'), SALT)).toBe(expected);
    expect(subjectHash('11010519491231002x', SALT)).toBe(expected);
  });

  it('differs per salt and per person, and never contains the number', () => {
    const a = subjectHash('11010519491231002X', SALT);
    expect(subjectHash('11010519491231002X', 'another-terminal-salt')).not.toBe(a);
    expect(subjectHash('440524188001010014', SALT)).not.toBe(a);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses a short salt, which would make the hash guessable', () => {
    expect(() => subjectHash('11010519491231002X', 'short')).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
  });
});
