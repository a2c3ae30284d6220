/**
 * The pages' texts: English has every key Chinese has and no other, each a sentence where the
 * other is one and a function of as many arguments where the other is one. The type only checks
 * part of it: the `as Record<string, string>` tables (roles, levels, status names) escape it.
 */
import { describe, expect, it } from 'vitest';
import { MESSAGES } from '../../appliance/pages/src/i18n/messages.js';

/** Every leaf of a messages tree as [path, value], in key order (keys may hold dots: the path is a list). */
function leaves(value: unknown, path: string[] = []): Array<[string[], unknown]> {
  if (typeof value !== 'object' || value === null) return [[path, value]];
  return Object.keys(value)
    .sort()
    .flatMap((key) => leaves((value as Record<string, unknown>)[key], [...path, key]));
}

const kind = (value: unknown) => (typeof value === 'function' ? `function/${value.length}` : typeof value);
const shape = (tree: unknown) => leaves(tree).map(([path, value]) => `${JSON.stringify(path)}: ${kind(value)}`);

describe('page messages', () => {
  it('zh-CN and en have the same keys, of the same kinds', () => {
    expect(shape(MESSAGES.en)).toEqual(shape(MESSAGES['zh-CN']));
  });

  it('no text is empty in either language', () => {
    for (const locale of ['zh-CN', 'en'] as const) {
      const empty = leaves(MESSAGES[locale]).filter(([, value]) => value === '');
      expect(empty, locale).toEqual([]);
    }
  });
});
