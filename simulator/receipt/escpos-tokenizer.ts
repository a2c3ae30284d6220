import type { Token } from './escpos-tokens.js';

const ESC = 0x1b;
const GS = 0x1d;
const FS = 0x1c;
const DLE = 0x10;
const LF = 0x0a;

/** Parameter byte counts of the fixed-length commands the simulator accepts but does not draw. */
const IGNORED_ESC: Record<number, number> = { 0x2d: 1, 0x32: 0, 0x33: 1, 0x74: 1, 0x4d: 1, 0x47: 1, 0x52: 1, 0x4a: 1, 0x70: 3, 0x7b: 1, 0x56: 1, 0x20: 1 };
const IGNORED_GS: Record<number, number> = { 0x42: 1, 0x48: 1, 0x66: 1, 0x68: 1, 0x77: 1, 0x4c: 2, 0x57: 2, 0x61: 1, 0x72: 1 };
const IGNORED_FS: Record<number, number> = { 0x21: 1, 0x2d: 1, 0x43: 1, 0x53: 2, 0x57: 1 };

/**
 * The receive stage of the printer: splits the byte stream into commands, keeping an
 * incomplete command until the rest arrives. Knowing each command's length is what keeps
 * 10 04 inside raster data from being taken for a status request.
 */
export class EscPosTokenizer {
  #buffer: Buffer = Buffer.alloc(0);

  push(chunk: Uint8Array): Token[] {
    this.#buffer = this.#buffer.length ? Buffer.concat([this.#buffer, chunk]) : Buffer.from(chunk);
    const tokens: Token[] = [];
    let at = 0;
    for (;;) {
      const next = this.#one(at);
      if (next === undefined) break;
      if (next.token) tokens.push(next.token);
      at = next.end;
    }
    this.#buffer = this.#buffer.subarray(at);
    return tokens;
  }

  /** One token from `at`, or undefined when the bytes there are not complete yet. */
  #one(at: number): { token?: Token; end: number } | undefined {
    const b = this.#buffer;
    if (at >= b.length) return undefined;
    const first = b[at]!;
    const need = (n: number): boolean => b.length >= at + n;
    const fixed = (params: number, make: (p: Buffer) => Token): { token: Token; end: number } | undefined =>
      need(2 + params) ? { token: make(b.subarray(at + 2, at + 2 + params)), end: at + 2 + params } : undefined;

    if (first >= 0x20 || first === 0x09) {
      let end = at;
      while (end < b.length && (b[end]! >= 0x20 || b[end] === 0x09)) end++;
      return { token: { kind: 'text', bytes: Buffer.from(b.subarray(at, end)) }, end };
    }
    if (first === LF) return { token: { kind: 'lf' }, end: at + 1 };
    if (first === 0x0d) return { end: at + 1 }; // CR: the printer feeds on LF only
    if (first !== ESC && first !== GS && first !== FS && first !== DLE) {
      return { token: { kind: 'unknown', bytes: Buffer.from([first]) }, end: at + 1 };
    }
    if (!need(2)) return undefined;
    const second = b[at + 1]!;

    if (first === DLE) {
      if (second === 0x04) return fixed(1, (p) => ({ kind: 'status', n: p[0]! }));
      if (second === 0x05) return fixed(1, (p) => ({ kind: 'ignored', bytes: Buffer.from([DLE, 0x05, p[0]!]) }));
      return { token: { kind: 'unknown', bytes: Buffer.from([first, second]) }, end: at + 2 };
    }
    if (first === ESC) {
      switch (second) {
        case 0x40:
          return { token: { kind: 'init' }, end: at + 2 };
        case 0x45:
          return fixed(1, (p) => ({ kind: 'bold', on: (p[0]! & 1) === 1 }));
        case 0x61:
          return fixed(1, (p) => ({ kind: 'align', n: p[0]! % 0x30 }));
        case 0x64:
          return fixed(1, (p) => ({ kind: 'feed', lines: p[0]! }));
        case 0x21: // ESC ! n: bit 4 double height, bit 5 double width
          return fixed(1, (p) => ({ kind: 'size', width: p[0]! & 0x20 ? 2 : 1, height: p[0]! & 0x10 ? 2 : 1 }));
      }
      const params = IGNORED_ESC[second];
      if (params !== undefined) return fixed(params, (p) => ({ kind: 'ignored', bytes: Buffer.from([first, second, ...p]) }));
    }
    if (first === FS) {
      if (second === 0x26) return { token: { kind: 'chinese', on: true }, end: at + 2 };
      if (second === 0x2e) return { token: { kind: 'chinese', on: false }, end: at + 2 };
      const params = IGNORED_FS[second];
      if (params !== undefined) return fixed(params, (p) => ({ kind: 'ignored', bytes: Buffer.from([first, second, ...p]) }));
    }
    if (first === GS) {
      switch (second) {
        case 0x21:
          return fixed(1, (p) => ({ kind: 'size', width: (p[0]! >> 4) + 1, height: (p[0]! & 0x0f) + 1 }));
        case 0x56: {
          // GS V m: m = 0, 1, 48, 49 cut at once; m = 65, 66 feed n first.
          if (!need(3)) return undefined;
          const m = b[at + 2]!;
          const withFeed = m === 65 || m === 66 || m === 97 || m === 98;
          return withFeed ? fixed(2, () => ({ kind: 'cut' })) : { token: { kind: 'cut' }, end: at + 3 };
        }
        case 0x28: {
          // GS ( x pL pH …: pL + 256·pH bytes follow.
          if (!need(5)) return undefined;
          const length = b[at + 3]! + 256 * b[at + 4]!;
          if (!need(5 + length)) return undefined;
          const body = b.subarray(at + 5, at + 5 + length);
          const end = at + 5 + length;
          if (b[at + 2] === 0x6b && body[0] === 0x31 && body.length >= 2) {
            return { token: { kind: 'qr', fn: body[1]!, params: Buffer.from(body.subarray(2)) }, end };
          }
          return { token: { kind: 'ignored', bytes: Buffer.from(b.subarray(at, end)) }, end };
        }
        case 0x76: {
          // GS v 0 m xL xH yL yH d…: x bytes a row, y rows.
          if (!need(8)) return undefined;
          const widthBytes = b[at + 4]! + 256 * b[at + 5]!;
          const rows = b[at + 6]! + 256 * b[at + 7]!;
          // Beyond any real head (≤ 255 bytes a row, ≤ 4,095 rows): refuse rather than buffer megabytes.
          if (widthBytes > 255 || rows > 4095) return { token: { kind: 'unknown', bytes: Buffer.from(b.subarray(at, at + 8)) }, end: at + 8 };
          if (!need(8 + widthBytes * rows)) return undefined;
          const data = Buffer.from(b.subarray(at + 8, at + 8 + widthBytes * rows));
          return { token: { kind: 'raster', mode: b[at + 3]! % 0x30, widthBytes, rows, data }, end: at + 8 + widthBytes * rows };
        }
      }
      const params = IGNORED_GS[second];
      if (params !== undefined) return fixed(params, (p) => ({ kind: 'ignored', bytes: Buffer.from([first, second, ...p]) }));
    }
    return { token: { kind: 'unknown', bytes: Buffer.from([first, second]) }, end: at + 2 };
  }
}
