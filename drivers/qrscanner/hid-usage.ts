/**
 * HID keyboard usage codes (HID Usage Tables, page 0x07) to characters, US layout, which is what
 * keyboard-wedge scanners emulate by default: [unshifted, shifted].
 */
const TABLE = new Map<number, readonly [string, string]>();

for (let i = 0; i < 26; i++) {
  const c = String.fromCharCode(0x61 + i);
  TABLE.set(0x04 + i, [c, c.toUpperCase()]);
}
'1234567890'.split('').forEach((d, i) => TABLE.set(0x1e + i, [d, '!@#$%^&*()'[i] as string]));
const PUNCTUATION: [number, string, string][] = [
  [0x2b, '\t', '\t'],
  [0x2c, ' ', ' '],
  [0x2d, '-', '_'],
  [0x2e, '=', '+'],
  [0x2f, '[', '{'],
  [0x30, ']', '}'],
  [0x31, '\\', '|'],
  [0x32, '#', '~'],
  [0x33, ';', ':'],
  [0x34, "'", '"'],
  [0x35, '`', '~'],
  [0x36, ',', '<'],
  [0x37, '.', '>'],
  [0x38, '/', '?'],
  [0x54, '/', '/'],
  [0x55, '*', '*'],
  [0x56, '-', '-'],
  [0x57, '+', '+'],
  [0x63, '.', '.'],
];
for (const [code, plain, shifted] of PUNCTUATION) TABLE.set(code, [plain, shifted]);

export const USAGE_ENTER = 0x28;
export const USAGE_KEYPAD_ENTER = 0x58;
export const USAGE_CAPS_LOCK = 0x39;

/** Keypad digit for usage 0x59–0x62 (1…9, 0), else undefined: used for Alt+keypad codes. */
export function keypadDigit(usage: number): number | undefined {
  if (usage >= 0x59 && usage <= 0x61) return usage - 0x58;
  if (usage === 0x62) return 0;
  return undefined;
}

/** The character a key types, or undefined for keys that type nothing. */
export function usageToChar(usage: number, shift: boolean): string | undefined {
  const digit = keypadDigit(usage);
  if (digit !== undefined) return String(digit);
  const entry = TABLE.get(usage);
  return entry ? entry[shift ? 1 : 0] : undefined;
}
