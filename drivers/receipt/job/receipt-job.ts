import type { Bitmap } from '../encoder/bitmap.js';
import { feedAndCut } from '../encoder/paper.js';
import { qr, type QrOptions } from '../encoder/qr.js';
import { raster, type RasterScale } from '../encoder/raster.js';
import { align, bold, init, size, type Alignment } from '../encoder/style.js';
import { chineseModeOff, chineseModeOn, newline, text } from '../encoder/text.js';

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, p) => sum + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A receipt as the printer gets it: blocks sent one at a time, each a whole printed thing. */
export interface ReceiptJob {
  readonly blocks: readonly Uint8Array[];
  readonly byteLength: number;
}

/**
 * Builds a receipt. Each printed thing (a line, a QR code, an image, the cut) closes one block,
 * carrying the style commands written before it; blocks are the unit the driver confirms
 * with a status check and resumes from after paper-out, so one never prints twice or half.
 * The first block starts with ESC @ and Chinese mode on; the last turns Chinese mode off.
 */
export class ReceiptJobBuilder {
  private readonly blocks: Uint8Array[] = [];
  private pending: Uint8Array[] = [init(), chineseModeOn()];

  bold(on = true): this {
    this.pending.push(bold(on));
    return this;
  }

  align(alignment: Alignment): this {
    this.pending.push(align(alignment));
    return this;
  }

  size(width: number, height: number = width): this {
    this.pending.push(size(width, height));
    return this;
  }

  /** One line of text; a value with line breaks becomes several lines, each its own block. */
  line(value = ''): this {
    for (const part of value.split(/\r?\n/)) this.close([text(part), newline()]);
    return this;
  }

  qr(data: string | Uint8Array, options: QrOptions = {}): this {
    return this.close([...qr(data, options), newline()]);
  }

  image(bitmap: Bitmap, scale: RasterScale = 0): this {
    return this.close([raster(bitmap, scale)]);
  }

  feedAndCut(lines = 3): this {
    return this.close([chineseModeOff(), feedAndCut(lines)]);
  }

  build(): ReceiptJob {
    const blocks = [...this.blocks];
    // Style set after the last printed thing still goes out, so the printer ends in that state.
    if (this.pending.length > 0) blocks.push(concat(this.pending));
    return { blocks, byteLength: blocks.reduce((sum, b) => sum + b.length, 0) };
  }

  private close(printed: Uint8Array[]): this {
    this.blocks.push(concat([...this.pending, ...printed]));
    this.pending = [];
    return this;
  }
}

export function receiptJob(): ReceiptJobBuilder {
  return new ReceiptJobBuilder();
}
