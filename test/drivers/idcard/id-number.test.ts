import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { IdNumber, idCheckCharacter, idNumberProblem, isRealDate } from '../../../drivers/idcard/id-number.js';

describe('GB 11643 ID number', () => {
  it('computes the check characters of the standard examples', () => {
    expect(idCheckCharacter('11010519491231002')).toBe('X');
    expect(idCheckCharacter('44052418800101001')).toBe('4');
  });

  it('accepts valid numbers, a lower-case x included', () => {
    expect(idNumberProblem('11010519491231002X')).toBeNull();
    expect(idNumberProblem('440524188001010014')).toBeNull();
    expect(IdNumber.parse('11010519491231002x').reveal()).toBe('11010519491231002X');
  });

  it('rejects each kind of bad number with its reason', () => {
    expect(idNumberProblem('110105194912310021')).toBe('check character');
    expect(idNumberProblem('1101051949123100')).toBe('not 17 digits and a check character');
    expect(idNumberProblem('11010519491231002Y')).toBe('not 17 digits and a check character');
    expect(idNumberProblem('99010519491231002X')).toBe('region');
    // 1949-02-30 does not exist; check character recomputed so only the date is wrong
    const feb30 = '11010519490230002';
    expect(idNumberProblem(feb30 + idCheckCharacter(feb30))).toBe('birth date');
    const future = '11010530000101002';
    expect(idNumberProblem(future + idCheckCharacter(future))).toBe('birth date');
  });

  it('requires the birth date to equal the card text birth field', () => {
    expect(idNumberProblem('11010519491231002X', '19491231')).toBeNull();
    expect(idNumberProblem('11010519491231002X', '19491230')).toBe('birth date differs from the card text');
  });

  it('knows leap days', () => {
    expect(isRealDate('20000229')).toBe(true);
    expect(isRealDate('19000229')).toBe(false);
    expect(isRealDate('20240229')).toBe(true);
  });

  it('throws ID_NUMBER_INVALID whose message and details never contain the number', () => {
    const bad = '110105194912310021';
    let thrown: unknown;
    try {
      IdNumber.parse(bad);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ code: 'ID_NUMBER_INVALID', details: { reason: 'check character' } });
    expect(JSON.stringify(thrown) + String(thrown) + inspect(thrown)).not.toContain(bad);
  });

  it('does not show itself in logs, JSON or string templates', () => {
    const id = IdNumber.parse('11010519491231002X');
    const shown = [inspect({ id }), JSON.stringify({ id }), `${id}`, String(id)].join(' ');
    expect(shown).not.toContain('11010519491231002X');
    expect(shown).not.toContain('19491231');
  });
});
