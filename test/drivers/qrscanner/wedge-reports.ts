/**
 * What a keyboard-wedge scanner sends for a text: a key-down report and an all-up report per
 * character (US layout), non-ASCII bytes as Alt + keypad decimal codes of their UTF-8 bytes.
 */
const SHIFTED_DIGITS = '!@#$%^&*()';
const PUNCT: Record<string, [number, boolean]> = {
  ' ': [0x2c, false], '-': [0x2d, false], _: [0x2d, true], '=': [0x2e, false], '+': [0x2e, true],
  '/': [0x38, false], '?': [0x38, true], ':': [0x33, true], ';': [0x33, false], '.': [0x37, false],
  '&': [0x24, true], '%': [0x22, true], '#': [0x20, true], ',': [0x36, false], '"': [0x34, true],
};

function key(usage: number, modifiers = 0): Buffer {
  return Buffer.from([modifiers, 0, usage, 0, 0, 0, 0, 0]);
}
const UP = Buffer.alloc(8);

function usageOf(c: string): [number, boolean] | undefined {
  if (c >= 'a' && c <= 'z') return [0x04 + c.charCodeAt(0) - 0x61, false];
  if (c >= 'A' && c <= 'Z') return [0x04 + c.charCodeAt(0) - 0x41, true];
  if (c >= '1' && c <= '9') return [0x1e + Number(c) - 1, false];
  if (c === '0') return [0x27, false];
  const s = SHIFTED_DIGITS.indexOf(c);
  if (s >= 0) return [0x1e + s, true];
  return PUNCT[c];
}

const KEYPAD = [0x62, 0x59, 0x5a, 0x5b, 0x5c, 0x5d, 0x5e, 0x5f, 0x60, 0x61]; // 0..9

export function wedgeReports(text: string, enter = true): Buffer[] {
  const out: Buffer[] = [];
  for (const c of text) {
    const u = usageOf(c);
    if (u) {
      out.push(key(u[0], u[1] ? 0x02 : 0), UP);
      continue;
    }
    for (const byte of Buffer.from(c, 'utf8')) {
      out.push(key(0, 0x04)); // Alt down
      for (const d of String(byte)) out.push(key(KEYPAD[Number(d)] as number, 0x04), key(0, 0x04));
      out.push(UP); // Alt up ends the code
    }
  }
  if (enter) out.push(key(0x28), UP);
  return out;
}
