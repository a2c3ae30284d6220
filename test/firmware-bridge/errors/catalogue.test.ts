import { describe, expect, it } from 'vitest';
import { catalogue, isErrorCode } from '../../../firmware-bridge/errors/catalogue.js';
import { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
/** A parameter given in both languages is `{label}` in zh and `{labelEn}` in en (a template field's own label). */
const enPlaceholders = (s: string) => placeholders(s).map((p) => p!.replace(/En$/, '')).sort();

describe('error catalogue', () => {
  for (const [code, entry] of Object.entries(catalogue)) {
    it(`${code} has a status, a Chinese and an English sentence with the same parameters`, () => {
      expect(code).toMatch(/^[A-Z][A-Z0-9_]+$/);
      expect(entry.status).toBeGreaterThanOrEqual(400);
      expect(entry.status).toBeLessThan(600);
      expect(entry.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(entry.en).toMatch(/^[A-Z{“]/);
      expect(placeholders(entry.zh)).toEqual(enPlaceholders(entry.en));
    });
  }

  it('fills parameters in both languages and serialises to the wire shape', () => {
    const error = new SealdeskError('PIN_INCORRECT', { triesLeft: 2 });
    expect(error.status).toBe(401);
    expect(error.message).toBe('Wrong PIN; 2 tries left.');
    expect(error.messageZh).toBe('口令错误，还可尝试 2 次。');
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      code: 'PIN_INCORRECT',
      message_zh: '口令错误，还可尝试 2 次。',
      message_en: 'Wrong PIN; 2 tries left.',
      details: { triesLeft: 2 },
    });
  });

  it('a detail xZh fills {x} in the Chinese sentence only; without it both take x', () => {
    const both = new SealdeskError('INPUT_INVALID', { reason: 'the seal name has at most 16 characters', reasonZh: '印章名称最多 16 个字' });
    expect(both.messageZh).toBe('输入无效：印章名称最多 16 个字');
    expect(both.messageEn).toBe('The input is invalid: the seal name has at most 16 characters');
    expect(new SealdeskError('INPUT_INVALID', { reason: 'bad' }).messageZh).toBe('输入无效：bad');
  });

  it('knows its own codes and no others', () => {
    expect(isErrorCode('PIN_LOCKED')).toBe(true);
    expect(isErrorCode('toString')).toBe(false);
    expect(isErrorCode('NOT_A_CODE')).toBe(false);
  });
});
