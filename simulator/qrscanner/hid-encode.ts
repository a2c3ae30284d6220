import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';
import { KEY_ENTER, KEY_SPACE, KEY_TAB, KEY_U, keyFor, keypadKey, MOD_LEFT_ALT, MOD_LEFT_CTRL, MOD_LEFT_SHIFT } from './hid-keymap.js';

/**
 * How a keyboard-wedge scanner types what a US layout cannot (Chinese text):
 *
 * - 'alt-keypad' (default): each byte of a non-ASCII character's UTF-8 encoding typed as Alt held,
 *   its decimal value on the keypad, Alt released — the "Alt + keypad" emulation nearly every
 *   wedge scanner offers. 王 (E7 8E 8B) = Alt+2 3 1, Alt+1 4 2, Alt+1 3 9. Chosen as THE scheme
 *   sealdesk uses (drivers/qrscanner decodes it) because sealdesk reads the raw HID reports, not
 *   keystrokes through an OS input method: UTF-8 bytes come through exactly, for every character
 *   (also U+00B7 · in minority names, which a per-code-point Alt code would confuse with a byte),
 *   whereas Ctrl+Shift+U is an IBus/GTK typing convention, not a scanner output mode, and utf8-hex
 *   cannot be told apart from a payload that is itself hex. The other two stay for kiosks that
 *   let the scanner type into a browser field.
 * - 'ctrl-shift-u': every non-ASCII code point is typed as Ctrl+Shift+U, its code
 *   point in lowercase hex, then Space — the ISO/IEC 14755 entry that GTK and IBus on Linux
 *   (our kiosks run Linux) turn into the character. 王 (U+738B) = Ctrl+Shift+U, 7 3 8 b, Space.
 *   ASCII characters are typed as themselves. Windows' "Alt + numpad" needs the OEM code page
 *   and a Windows host, so it is not offered.
 * - 'utf8-hex': the scanner's "UTF-8 hex" output: the whole payload's UTF-8 bytes typed as
 *   uppercase hex pairs ("王" → "E78E8B"); the host, configured for this mode, decodes them.
 *
 * Each key press is one 8-byte boot keyboard report (modifier, reserved 0, six key slots), and
 * is followed by an all-zero report (all keys up), so repeated characters come through.
 */
export type UnicodeMode = 'alt-keypad' | 'ctrl-shift-u' | 'utf8-hex';
export type Terminator = 'enter' | 'tab' | 'none';

export const KEY_UP = Buffer.alloc(8);

function press(modifier: number, key: number): Buffer {
  return Buffer.from([modifier, 0, key, 0, 0, 0, 0, 0]);
}

function typeAscii(text: string, reports: Buffer[]): void {
  for (const char of text) {
    const k = keyFor(char);
    if (k === undefined) throw new SealdeskError('INPUT_INVALID', { reason: 'a control character cannot be typed' });
    reports.push(press(k.modifier, k.key), KEY_UP);
  }
}

/** Alt held across the keypad digits of one code; released (all keys up) to enter it. */
function typeAltCode(value: number, reports: Buffer[]): void {
  for (const digit of String(value)) reports.push(press(MOD_LEFT_ALT, keypadKey(Number(digit))), Buffer.from([MOD_LEFT_ALT, 0, 0, 0, 0, 0, 0, 0]));
  reports.push(KEY_UP);
}

/** The reports a scanner sends for one payload, terminator included. */
export function hidReports(payload: string, options: { unicode?: UnicodeMode; terminator?: Terminator } = {}): Buffer[] {
  const reports: Buffer[] = [];
  const mode = options.unicode ?? 'alt-keypad';
  if (mode === 'alt-keypad') {
    for (const char of payload) {
      if (keyFor(char) !== undefined) typeAscii(char, reports);
      else for (const byte of Buffer.from(char, 'utf8')) typeAltCode(byte, reports);
    }
  } else if (mode === 'utf8-hex') {
    typeAscii(Buffer.from(payload, 'utf8').toString('hex').toUpperCase(), reports);
  } else {
    for (const char of payload) {
      if (keyFor(char) !== undefined) typeAscii(char, reports);
      else {
        reports.push(press(MOD_LEFT_CTRL | MOD_LEFT_SHIFT, KEY_U), KEY_UP);
        typeAscii(char.codePointAt(0)!.toString(16), reports);
        reports.push(press(0, KEY_SPACE), KEY_UP);
      }
    }
  }
  const terminator = options.terminator ?? 'enter';
  if (terminator !== 'none') reports.push(press(0, terminator === 'enter' ? KEY_ENTER : KEY_TAB), KEY_UP);
  return reports;
}
