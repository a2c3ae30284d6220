import { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';

/** GS ( k prefix; every QR function is addressed to cn = 0x31 (the QR symbol). */
function gsk(fn: number, params: Uint8Array | readonly number[]): Uint8Array {
  const length = params.length + 2; // cn and fn count in pL/pH
  const out = new Uint8Array(5 + length);
  out.set([0x1d, 0x28, 0x6b, length & 0xff, length >> 8, 0x31, fn]);
  out.set(params, 7);
  return out;
}

/** Function 165: select model 2 (the model every phone reads). */
export function qrModel2(): Uint8Array {
  return gsk(0x41, [0x32, 0x00]);
}

/** Function 167: module (dot) size 1–16. */
export function qrModuleSize(dots: number): Uint8Array {
  if (!Number.isInteger(dots) || dots < 1 || dots > 16) {
    throw new SealdeskError('INPUT_INVALID', { reason: `QR module size must be 1 to 16, got ${dots}`, reasonZh: `二维码模块大小须为 1 至 16，实际为 ${dots}` });
  }
  return gsk(0x43, [dots]);
}

export type QrErrorLevel = 'L' | 'M' | 'Q' | 'H';

const levelCode: Record<QrErrorLevel, number> = { L: 0x30, M: 0x31, Q: 0x32, H: 0x33 };

/** Function 169: error correction level. */
export function qrErrorLevel(level: QrErrorLevel): Uint8Array {
  return gsk(0x45, [levelCode[level]]);
}

// pL + 256·pH counts the data plus cn, fn and m; the store area holds at most 7,089 bytes.
const MAX_DATA = 7089;

/** Function 180: store the symbol data (UTF-8, the mode the hall's scanners read). */
export function qrStore(data: string | Uint8Array): Uint8Array {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  if (bytes.length === 0 || bytes.length > MAX_DATA) {
    throw new SealdeskError('INPUT_INVALID', { reason: `QR data must be 1 to ${MAX_DATA} bytes, got ${bytes.length}`, reasonZh: `二维码内容须为 1 至 ${MAX_DATA} 字节，实际为 ${bytes.length}` });
  }
  const params = new Uint8Array(1 + bytes.length);
  params[0] = 0x30; // m
  params.set(bytes, 1);
  return gsk(0x50, params);
}

/** Function 181: print the stored symbol. */
export function qrPrint(): Uint8Array {
  return gsk(0x51, [0x30]);
}

export interface QrOptions {
  moduleSize?: number;
  errorLevel?: QrErrorLevel;
}

/** The whole sequence to print one QR code: model, size, level, store, print. */
export function qr(data: string | Uint8Array, options: QrOptions = {}): Uint8Array[] {
  return [qrModel2(), qrModuleSize(options.moduleSize ?? 6), qrErrorLevel(options.errorLevel ?? 'M'), qrStore(data), qrPrint()];
}
