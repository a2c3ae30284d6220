import { inflateSync } from 'node:zlib';

/** An opaque PNG whose compressed pixel data a PDF can use as it is. */
export interface PassthroughPng {
  readonly width: number;
  readonly height: number;
  /** 1 (grey) or 3 (RGB). */
  readonly colors: 1 | 3;
  /** The IDAT chunks' zlib stream: PNG-filtered rows, which /Predictor 15 undoes (ISO 32000-2 §7.4.4.4). */
  readonly data: Buffer;
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * The PNG's IDAT stream when it can go into the PDF undecoded: 8-bit grey or RGB, not
 * interlaced, no transparency (tRNS): an imported opaque seal image. Decoding it to RGBA and
 * deflating it again cost ~2 ms even for an image the size of a QR code. The stream is inflated
 * once to check it holds exactly the rows the header promises, each with a valid filter byte, so
 * a damaged PNG is still refused (undefined: the caller decodes it the slow way, which reports
 * the error). Anything else is undefined too.
 */
export function passthroughPng(png: Uint8Array): PassthroughPng | undefined {
  const bytes = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  if (bytes.length < 33 || !bytes.subarray(0, 8).equals(SIGNATURE) || bytes.toString('latin1', 12, 16) !== 'IHDR') return undefined;
  const width = bytes.readUInt32BE(16);
  const height = bytes.readUInt32BE(20);
  const [depth, colourType, compression, filter, interlace] = bytes.subarray(24, 29);
  const colors = colourType === 0 ? 1 : colourType === 2 ? 3 : undefined;
  if (!colors || depth !== 8 || compression !== 0 || filter !== 0 || interlace !== 0 || width === 0 || height === 0) return undefined;
  const idat: Buffer[] = [];
  for (let at = 8; at + 12 <= bytes.length; ) {
    const length = bytes.readUInt32BE(at);
    const type = bytes.toString('latin1', at + 4, at + 8);
    if (at + 12 + length > bytes.length) return undefined;
    if (type === 'tRNS') return undefined;
    if (type === 'IDAT') idat.push(bytes.subarray(at + 8, at + 8 + length));
    if (type === 'IEND') {
      const data = Buffer.concat(idat);
      return rowsComplete(data, width * colors, height) ? { width, height, colors, data } : undefined;
    }
    at += 12 + length;
  }
  return undefined;
}

function rowsComplete(data: Buffer, rowBytes: number, height: number): boolean {
  let raw: Buffer;
  try {
    raw = inflateSync(data);
  } catch {
    return false;
  }
  if (raw.length !== (rowBytes + 1) * height) return false;
  for (let y = 0; y < height; y++) if (raw[y * (rowBytes + 1)]! > 4) return false;
  return true;
}
