import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../appliance/ledger/outbox/canonical-json.js';
import { UUID7_PATTERN, uuid7 } from '../../../appliance/ledger/outbox/uuid7.js';

describe('RFC 8785 canonical JSON', () => {
  it('prints numbers the ECMAScript way (RFC 8785 §3.2.2.3 examples)', () => {
    expect(canonicalJson([Number('333333333.33333329'), 1e30, 4.5, 2e-3, 0.000000000000000000000000001, -0, 1e21])).toBe('[333333333.3333333,1e+30,4.5,0.002,1e-27,0,1e+21]');
  });

  it('sorts keys by UTF-16 code units, recursively (RFC 8785 §3.2.3 example)', () => {
    const input = { '\u20ac': 'Euro Sign', '\r': 'Carriage Return', '\ufb33': 'Hebrew Letter Dalet With Dagesh', '1': 'One', '\ud83d\ude00': 'Emoji: Grinning Face', '\u0080': 'Control', '\u00f6': 'Latin Small Letter O With Diaeresis' };
    // Read the keys off the text: JSON.parse would put the integer-like key "1" first again.
    const keys = [...canonicalJson(input).matchAll(/"((?:[^"\\]|\\.)*)":/g)].map((m) => JSON.parse(`"${m[1]}"`) as string);
    expect(keys).toEqual(['\r', '1', '\u0080', '\u00f6', '\u20ac', '\ud83d\ude00', '\ufb33']);
    expect(canonicalJson({ b: { d: 1, c: [true, null] }, a: '印章' })).toBe('{"a":"印章","b":{"c":[true,null],"d":1}}');
  });

  it('escapes only what JSON requires, control characters in lowercase hex', () => {
    expect(canonicalJson('\u000f"\\\n/€')).toBe('"\\u000f\\"\\\\\\n/€"');
  });

  it('refuses what has no canonical form', () => {
    expect(() => canonicalJson(Number.NaN)).toThrow(TypeError);
    expect(() => canonicalJson('\ud800')).toThrow(TypeError);
  });
});

describe('UUIDv7 event ids', () => {
  it('are version 7 and sort in the order they were made, within one millisecond too', () => {
    const ids = Array.from({ length: 500 }, () => uuid7(1_750_000_000_000));
    for (const id of ids) expect(id).toMatch(UUID7_PATTERN);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    expect(parseInt(uuid7(1_750_000_000_001).slice(0, 13).replace('-', ''), 16)).toBe(1_750_000_000_001);
  });
});
