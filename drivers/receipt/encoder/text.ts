import iconv from 'iconv-lite';
import { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';

/** FS &: Chinese character mode on, so double-byte GB18030 sequences print as hanzi. */
export function chineseModeOn(): Uint8Array {
  return Uint8Array.of(0x1c, 0x26);
}

/** FS .: Chinese character mode off. */
export function chineseModeOff(): Uint8Array {
  return Uint8Array.of(0x1c, 0x2e);
}

/** LF: print the line buffer and feed one line. */
export function newline(): Uint8Array {
  return Uint8Array.of(0x0a);
}

// Any C0 control or DEL inside text would be read by the printer as a command (e.g. 10 04 is
// a status request), so text with one is refused rather than passed through.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * Text as GB18030 bytes (the encoding Chinese printers use in Chinese mode); four-byte
 * sequences cover every Unicode character, e.g. rare name characters in CJK Extension B.
 */
export function text(value: string): Uint8Array {
  if (CONTROL.test(value)) {
    throw new SealdeskError('INPUT_INVALID', { reason: 'receipt text must not contain control characters', reasonZh: '小票文字不能含控制字符' });
  }
  return new Uint8Array(iconv.encode(value, 'gb18030'));
}

/**
 * Builds the GB18030 table now (iconv-lite builds it on first use: 55–75 ms measured, on the
 * event loop of whoever prints the first receipt); a service calls it at start.
 */
export function loadTextEncoder(): void {
  iconv.encode('盖章回执', 'gb18030');
}
