/**
 * US keyboard layout as HID usage IDs (HID Usage Tables, Keyboard/Keypad page 0x07): what a
 * keyboard-wedge scanner types for each printable ASCII character. Left Shift = modifier bit 1.
 */
export const MOD_LEFT_CTRL = 0x01;
export const MOD_LEFT_SHIFT = 0x02;
export const MOD_LEFT_ALT = 0x04;
export const KEY_ENTER = 0x28;
export const KEY_TAB = 0x2b;
export const KEY_SPACE = 0x2c;
export const KEY_U = 0x18;

const UNSHIFTED = "1234567890-=[]\\;'`,./";
const SHIFTED = '!@#$%^&*()_+{}|:"~<>?';
const CODES = [0x1e, 0x1f, 0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27, 0x2d, 0x2e, 0x2f, 0x30, 0x31, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38];

/** The key and modifier for a printable ASCII character (space included); undefined otherwise. */
export function keyFor(char: string): { modifier: number; key: number } | undefined {
  if (char === ' ') return { modifier: 0, key: KEY_SPACE };
  if (char >= 'a' && char <= 'z') return { modifier: 0, key: 0x04 + char.charCodeAt(0) - 0x61 };
  if (char >= 'A' && char <= 'Z') return { modifier: MOD_LEFT_SHIFT, key: 0x04 + char.charCodeAt(0) - 0x41 };
  const plain = UNSHIFTED.indexOf(char);
  if (plain >= 0) return { modifier: 0, key: CODES[plain]! };
  const shifted = SHIFTED.indexOf(char);
  if (shifted >= 0) return { modifier: MOD_LEFT_SHIFT, key: CODES[shifted]! };
  return undefined;
}

/** Keypad digit keys: Keypad 1…9 are 0x59…0x61, Keypad 0 is 0x62 (HID Usage Tables, page 0x07). */
export function keypadKey(digit: number): number {
  return digit === 0 ? 0x62 : 0x58 + digit;
}
