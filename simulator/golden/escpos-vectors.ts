/**
 * Golden ESC/POS byte vectors, written by hand from /work/shared/protocols.md (and Epson's
 * ESC/POS reference for the status bits protocols.md summarises). Text is GB18030, written out
 * as bytes so no encoder stands between the document and the test.
 */
import { hex } from './hex.js';

export const escpos = {
  init: hex('1B 40'),
  boldOn: hex('1B 45 01'),
  boldOff: hex('1B 45 00'),
  alignLeft: hex('1B 61 00'),
  alignCentre: hex('1B 61 01'),
  alignRight: hex('1B 61 02'),
  /** GS ! n: high nibble = width multiplier − 1, low nibble = height multiplier − 1. */
  sizeNormal: hex('1D 21 00'),
  sizeDouble: hex('1D 21 11'),
  chineseOn: hex('1C 26'),
  chineseOff: hex('1C 2E'),
  lineFeed: hex('0A'),
  /** GS V 65 n: feed to the cutter (+ n units) and cut. */
  feedAndCut: hex('1D 56 41 03'),
  cut: hex('1D 56 00'),
  qrModel2: hex('1D 28 6B 04 00 31 41 32 00'),
  qrModuleSize6: hex('1D 28 6B 03 00 31 43 06'),
  qrLevelL: hex('1D 28 6B 03 00 31 45 30'),
  qrLevelM: hex('1D 28 6B 03 00 31 45 31'),
  qrLevelQ: hex('1D 28 6B 03 00 31 45 32'),
  qrLevelH: hex('1D 28 6B 03 00 31 45 33'),
  qrPrint: hex('1D 28 6B 03 00 31 51 30'),
  statusPrinter: hex('10 04 01'),
  statusOffline: hex('10 04 02'),
  statusPaper: hex('10 04 04'),
} as const;

/** The URL the sample receipt's QR code carries (40 bytes, so store pL = 43 = 0x2B). */
export const sampleQrUrl = 'https://verify.sealdesk.example/e/7f3a9c';

/** GS ( k store for sampleQrUrl: pL pH = 2B 00 (40 + 3), then 31 50 30 and the ASCII bytes. */
export const sampleQrStore = Buffer.concat([hex('1D 28 6B 2B 00 31 50 30'), Buffer.from(sampleQrUrl, 'ascii')]);

/**
 * GS v 0 raster, 2 bytes (16 dots) wide, 8 rows, MSB = leftmost dot. Asymmetric, so a mirrored
 * or transposed rendering is caught.
 */
export const sampleRaster = {
  widthBytes: 2,
  rows: 8,
  data: hex('F0 0F  80 01  80 01  8F F1  88 11  88 11  8F F1  FF FF'),
} as const;
export const sampleRasterCommand = Buffer.concat([hex('1D 76 30 00 02 00 08 00'), sampleRaster.data]);

/** The text lines of the sample receipt, as a reader of the paper would list them. */
export const sampleReceiptLines = [
  { text: '电子印章回执', bold: true, align: 'centre', width: 2, height: 2 },
  { text: '办理事项：营业执照', bold: false, align: 'left', width: 1, height: 1 },
  { text: '王小明', bold: false, align: 'left', width: 1, height: 1 },
  { text: 'No. 2026-000123', bold: false, align: 'right', width: 1, height: 1 },
  { text: '扫码验证', bold: false, align: 'centre', width: 1, height: 1 },
] as const;

/** A whole receipt job: title, two Chinese lines, an ASCII line, QR code, raster seal thumbnail, cut. */
export const sampleReceipt = Buffer.concat([
  hex('1B 40'), // init
  hex('1C 26'), // Chinese mode on
  hex('1B 61 01 1B 45 01 1D 21 11'), // centre, bold, double size
  hex('B5 E7 D7 D3 D3 A1 D5 C2 BB D8 D6 B4 0A'), // 电子印章回执
  hex('1D 21 00 1B 45 00 1B 61 00'), // normal size, bold off, left
  hex('B0 EC C0 ED CA C2 CF EE A3 BA D3 AA D2 B5 D6 B4 D5 D5 0A'), // 办理事项：营业执照
  hex('CD F5 D0 A1 C3 F7 0A'), // 王小明
  hex('1B 61 02'), // right
  Buffer.from('No. 2026-000123\n', 'ascii'),
  hex('1B 61 01'), // centre
  hex('C9 A8 C2 EB D1 E9 D6 A4 0A'), // 扫码验证
  hex('1D 28 6B 04 00 31 41 32 00'), // QR model 2
  hex('1D 28 6B 03 00 31 43 06'), // module 6 dots
  hex('1D 28 6B 03 00 31 45 31'), // level M
  sampleQrStore,
  hex('1D 28 6B 03 00 31 51 30'), // print the QR
  hex('0A'),
  sampleRasterCommand,
  hex('1C 2E'), // Chinese mode off
  hex('1D 56 41 03'), // feed and cut
]);

/** DLE EOT replies: one byte each. Bits 1 and 4 are always set, hence 0x12 for "all clear". */
export const statusReplies = {
  allClear: 0x12,
  /** n=1, bit 3: offline. */
  printerOffline: 0x1a,
  /** n=2, bit 2: cover open. */
  coverOpen: 0x16,
  /** n=2, bit 5: printing stopped by paper end. */
  paperEndStopped: 0x32,
  /** n=4, bits 2–3: roll paper near end. */
  paperNearEnd: 0x1e,
  /** n=4, bits 5–6: paper end. */
  paperOut: 0x72,
} as const;
