/**
 * A host-side reading of boot keyboard reports, written for the tests from the HID usage
 * tables (not from the simulator): US layout, Shift, Enter, and Ctrl+Shift+U hex Space entry.
 */
const LOWER = 'abcdefghijklmnopqrstuvwxyz1234567890';
const PUNCT: Record<number, [string, string]> = {
  0x2c: [' ', ' '],
  0x2d: ['-', '_'],
  0x2e: ['=', '+'],
  0x2f: ['[', '{'],
  0x30: [']', '}'],
  0x31: ['\\', '|'],
  0x33: [';', ':'],
  0x34: ["'", '"'],
  0x35: ['`', '~'],
  0x36: [',', '<'],
  0x37: ['.', '>'],
  0x38: ['/', '?'],
};
const SHIFT_DIGITS = '!@#$%^&*()';

function char(key: number, shift: boolean): string {
  if (key >= 0x04 && key <= 0x1d) return shift ? LOWER[key - 4]!.toUpperCase() : LOWER[key - 4]!;
  if (key >= 0x1e && key <= 0x27) return shift ? SHIFT_DIGITS[key - 0x1e]! : LOWER[26 + key - 0x1e]!;
  const p = PUNCT[key];
  if (p) return p[shift ? 1 : 0];
  throw new Error(`unexpected key 0x${key.toString(16)}`);
}

/** Text typed until Enter; throws if a press is not followed by a key-up report. */
export function typedText(reports: Buffer[]): { text: string; ended: boolean } {
  let text = '';
  let unicode: string | undefined;
  for (let i = 0; i < reports.length; i += 2) {
    const down = reports[i]!;
    const up = reports[i + 1];
    if (down.length !== 8 || down[1] !== 0) throw new Error('not a boot keyboard report');
    if (!up || !up.equals(Buffer.alloc(8))) throw new Error(`press ${i} not released`);
    const [modifier, , key] = down;
    if (key === 0x28) return { text, ended: true };
    if (modifier === 0x03 && key === 0x18) {
      unicode = '';
      continue;
    }
    if (unicode !== undefined) {
      if (key === 0x2c) {
        text += String.fromCodePoint(parseInt(unicode, 16));
        unicode = undefined;
      } else unicode += char(key!, false);
      continue;
    }
    text += char(key!, (modifier! & 0x22) !== 0);
  }
  return { text, ended: false };
}
