import { crc32, deflateSync } from 'node:zlib';
import QRCode from 'qrcode';

const SCALE = 2;
const QUIET = 2;

/**
 * The QR 证照码 as an 8-bit grey PNG: the `qrcode` package lays out the modules (error level M),
 * the PNG is written here because qrcode's own renderer (pngjs, RGBA, per-pixel callbacks) took
 * 20–80 ms a document; this takes well under one. 4 pixels a module: at 72 pt the image is
 * upscaled ≥ 4× at print resolution, where poppler and most renderers draw it unsmoothed.
 */
export function qrPng(text: string): Buffer {
  // one byte-mode segment: qrcode's optimal split of a string (a shortest-path search over
  // numeric / alphanumeric / byte runs) cost ~0.5 ms and saves a few bits on lowercase-hex
  // URLs (version 8 either way for the default base URL)
  const { modules } = QRCode.create([{ data: Buffer.from(text, 'utf8'), mode: 'byte' }], { errorCorrectionLevel: 'M' });
  const n = modules.size;
  const side = (n + 2 * QUIET) * SCALE;
  const row = side + 1; // filter byte 0 before each row
  const raw = Buffer.alloc(row * side, 0xff);
  for (let y = 0; y < side; y++) {
    raw[y * row] = 0;
    const my = Math.floor(y / SCALE) - QUIET;
    if (my < 0 || my >= n) continue;
    for (let mx = 0; mx < n; mx++) {
      if (modules.get(my, mx)) raw.fill(0, y * row + 1 + (mx + QUIET) * SCALE, y * row + 1 + (mx + QUIET + 1) * SCALE);
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(side, 0);
  header.writeUInt32BE(side, 4);
  header.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale, deflate, no interlace
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw, { level: 1 })), chunk('IEND', Buffer.alloc(0))]);
}

function chunk(type: string, data: Buffer): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}
