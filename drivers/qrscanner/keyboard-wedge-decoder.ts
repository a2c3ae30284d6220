import { USAGE_CAPS_LOCK, USAGE_ENTER, USAGE_KEYPAD_ENTER, keypadDigit, usageToChar } from './hid-usage.js';

const SHIFT = 0x02 | 0x20; // left, right
const ALT = 0x04 | 0x40;

/**
 * Boot-keyboard reports (modifiers, reserved, six key codes) from a keyboard-wedge scanner →
 * completed scans (at Enter).
 *
 * Chinese: a keyboard cannot type 汉字, so scanners in their "UTF-8 / Alt code" wedge mode send
 * each byte of the UTF-8 encoding as Alt + keypad decimal digits (Alt held, digits, Alt
 * released). This collects bytes — typed ASCII and Alt codes alike — and decodes them as UTF-8
 * at the end of the scan. An Alt code above 255 is taken as a Unicode code point.
 * This is the one scheme sealdesk configures its scanners for (and simulator/qrscanner sends by
 * default): reading raw reports, no OS input method is involved, and UTF-8 bytes are exact for
 * every character, where Ctrl+Shift+U entry needs an IBus/GTK host and "UTF-8 hex" output cannot
 * be told apart from a payload that is itself hex digits.
 */
export class KeyboardWedgeDecoder {
  /** The most bytes one scan may have; beyond it the scan is cut off (a stuck key must not grow memory). */
  readonly maxLength: number;
  #pressed = new Set<number>();
  #bytes: number[] = [];
  #alt: number | undefined;
  #capsLock = false;

  constructor(options: { maxLength?: number } = {}) {
    this.maxLength = options.maxLength ?? 4096;
  }

  /** Feeds one 8-byte report; returns the scans it completed (usually none or one). */
  push(report: Uint8Array): string[] {
    if (report.length < 3) return [];
    const modifiers = report[0] as number;
    const keys = new Set<number>();
    for (let i = 2; i < report.length; i++) if (report[i]) keys.add(report[i] as number);
    // 0x01 in every slot is the keyboard's "too many keys" error, not keys.
    if (keys.size === 1 && keys.has(0x01)) return [];
    const done: string[] = [];
    for (const key of keys) {
      if (this.#pressed.has(key)) continue; // still held from the last report: not a new press
      const scan = this.#press(key, modifiers);
      if (scan !== undefined) done.push(scan);
    }
    this.#pressed = keys;
    if ((modifiers & ALT) === 0 && this.#alt !== undefined) this.#endAltCode();
    return done;
  }

  #press(key: number, modifiers: number): string | undefined {
    if (key === USAGE_ENTER || key === USAGE_KEYPAD_ENTER) return this.#finish();
    if (key === USAGE_CAPS_LOCK) {
      this.#capsLock = !this.#capsLock;
      return undefined;
    }
    if (modifiers & ALT) {
      const digit = keypadDigit(key);
      if (digit !== undefined) this.#alt = Math.min(((this.#alt ?? 0) * 10 + digit), 0x10ffff);
      return undefined;
    }
    let shift = (modifiers & SHIFT) !== 0;
    if (this.#capsLock && key >= 0x04 && key <= 0x1d) shift = !shift;
    const char = usageToChar(key, shift);
    if (char !== undefined) this.#append([char.charCodeAt(0)]);
    return undefined;
  }

  #endAltCode(): void {
    const value = this.#alt as number;
    this.#alt = undefined;
    this.#append(value <= 0xff ? [value] : [...Buffer.from(String.fromCodePoint(value), 'utf8')]);
  }

  #append(bytes: number[]): void {
    for (const b of bytes) if (this.#bytes.length < this.maxLength) this.#bytes.push(b);
  }

  #finish(): string | undefined {
    if (this.#alt !== undefined) this.#endAltCode();
    const bytes = this.#bytes;
    this.#bytes = [];
    return bytes.length === 0 ? undefined : Buffer.from(bytes).toString('utf8');
  }
}
