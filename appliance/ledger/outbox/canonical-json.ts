/**
 * RFC 8785 JSON Canonicalization Scheme. Written here because `canonicalize` v5 needs Node 22 and
 * no other canonicaliser is installed; the scheme is small once one leans on ECMAScript itself,
 * which RFC 8785 does: numbers as Number.prototype.toString (JSON.stringify prints them so),
 * strings escaped as JSON.stringify escapes them, object keys sorted by UTF-16 code units
 * (Array.prototype.sort's default order). Lone surrogates and non-finite numbers are refused.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`RFC 8785 has no form for ${value}`);
    return JSON.stringify(value);
  }
  if (typeof value === 'string') {
    if (LONE_SURROGATE.test(value)) throw new TypeError('RFC 8785 refuses strings with lone surrogates');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${canonicalJson(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  throw new TypeError(`RFC 8785 has no form for a ${typeof value}`);
}
