import { PDFName, PDFNumber, PDFRawStream, type PDFContext, type PDFRef } from '@cantoo/pdf-lib';

/**
 * A bilevel grid of square modules (a QR code, quiet zone included): rows top to bottom, `true`
 * for a dark module.
 */
export type ModuleGrid = readonly (readonly boolean[])[];

/**
 * Registers the grid as a form XObject that draws it as vector squares, black on a white ground,
 * one path of the dark runs filled once (so no seam shows between neighbouring modules). Its
 * /Matrix maps the grid onto the unit square, so it is placed like an image (`w 0 0 h x y cm`).
 * Vectors rather than an image: they print sharp at any resolution in every renderer, where an
 * upscaled image is smoothed by some, and they need no PNG encoding and decoding per document
 * (a QR is new for every document).
 */
export function registerModuleGrid(context: PDFContext, grid: ModuleGrid): PDFRef {
  const contents = moduleGridOperators(grid);
  const side = grid.length;
  const dict = context.obj({
    Type: 'XObject',
    Subtype: 'Form',
    BBox: [0, 0, side, side],
    Matrix: [1 / side, 0, 0, 1 / side, 0, 0],
  });
  dict.set(PDFName.of('Length'), PDFNumber.of(contents.length));
  return context.register(PDFRawStream.of(dict, contents));
}

/**
 * The content stream: a white square, then `x y w 1 re` for each run of dark modules and one `f`.
 * Written as bytes into one buffer: built as a string it was most of what a stamp allocated
 * (~100 KB of intermediate strings for a QR of 45 × 45 modules).
 */
export function moduleGridOperators(grid: ModuleGrid): Buffer {
  const side = grid.length;
  const head = `1 g 0 0 ${side} ${side} re f 0 g\n`;
  // at most side / 2 + 1 runs a row, each `xxx yyy www 1 re\n` (a QR has at most 181 modules a side)
  const out = Buffer.allocUnsafe(head.length + side * (Math.ceil(side / 2) + 1) * 17 + 2);
  let at = out.write(head, 0, 'latin1');
  // plain loops, no closure over `at`: this runs over every module of every QR a stamp draws
  for (let r = 0; r < side; r++) {
    const row = grid[r]!;
    const y = side - 1 - r;
    for (let x = 0; x < row.length; ) {
      if (!row[x]) {
        x++;
        continue;
      }
      const from = x;
      while (x < row.length && row[x]) x++;
      at = writeNumber(out, at, from);
      at = writeNumber(out, at, y);
      at = writeNumber(out, at, x - from);
      out.set(RECTANGLE, at);
      at += RECTANGLE.length;
    }
  }
  at += out.write('f\n', at, 'latin1');
  return out.subarray(0, at);
}

/** `n ` in ASCII (n < 1000) at `at`; where the next byte goes. */
function writeNumber(out: Buffer, at: number, n: number): number {
  if (n >= 100) out[at++] = 0x30 + Math.floor(n / 100);
  if (n >= 10) out[at++] = 0x30 + (Math.floor(n / 10) % 10);
  out[at++] = 0x30 + (n % 10);
  out[at++] = SPACE;
  return at;
}

const SPACE = 0x20;
/** `1 re\n`: the run is one module high. */
const RECTANGLE = Buffer.from('1 re\n', 'latin1');
