/** One ESC/POS command (or run of text) as the printer's receive stage splits the byte stream. */
export type Token =
  | { kind: 'text'; bytes: Buffer }
  | { kind: 'lf' }
  | { kind: 'init' }
  | { kind: 'bold'; on: boolean }
  | { kind: 'align'; n: number }
  /** GS ! n and ESC ! n, resolved to multipliers. */
  | { kind: 'size'; width: number; height: number }
  | { kind: 'chinese'; on: boolean }
  | { kind: 'feed'; lines: number }
  | { kind: 'cut' }
  /** GS ( k for a QR code (cn 0x31): function and its parameter bytes. */
  | { kind: 'qr'; fn: number; params: Buffer }
  | { kind: 'raster'; mode: number; widthBytes: number; rows: number; data: Buffer }
  /** DLE EOT n: real-time status, answered on receipt even while printing is stopped. */
  | { kind: 'status'; n: number }
  /** Recognised but without effect on the picture (underline, code page, line spacing…). */
  | { kind: 'ignored'; bytes: Buffer }
  /** Not known: the prefix byte and the one after it are skipped so the stream moves on. */
  | { kind: 'unknown'; bytes: Buffer };
