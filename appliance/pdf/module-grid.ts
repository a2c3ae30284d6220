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
  const side = grid.length;
  let ops = `1 g 0 0 ${side} ${side} re f 0 g\n`;
  grid.forEach((row, r) => {
    const y = side - 1 - r;
    for (let x = 0; x < row.length; ) {
      if (!row[x]) {
        x++;
        continue;
      }
      const from = x;
      while (x < row.length && row[x]) x++;
      ops += `${from} ${y} ${x - from} 1 re\n`;
    }
  });
  ops += 'f\n';
  const contents = Buffer.from(ops, 'latin1');
  const dict = context.obj({
    Type: 'XObject',
    Subtype: 'Form',
    BBox: [0, 0, side, side],
    Matrix: [1 / side, 0, 0, 1 / side, 0, 0],
  });
  dict.set(PDFName.of('Length'), PDFNumber.of(contents.length));
  return context.register(PDFRawStream.of(dict, contents));
}
