import { PDFName, PDFNumber, PDFRawStream, type PDFContext, type PDFRef } from '@cantoo/pdf-lib';
import type { Box } from './page.js';

export interface PlacedImage {
  readonly image: PDFRef;
  /** Where on the page, in PDF points. */
  readonly rect: Box;
}

/**
 * The widget's normal appearance (§12.5.5): a form XObject whose /BBox is the widget's /Rect,
 * each image scaled into its own rect. Coordinates are written relative to the widget's corner,
 * so the /Matrix stays the identity.
 */
export function registerAppearance(context: PDFContext, widgetRect: Box, images: readonly PlacedImage[]): PDFRef {
  const [x0, y0, x1, y1] = widgetRect;
  const xobjects = context.obj({});
  let ops = '';
  images.forEach(({ image, rect }, i) => {
    const name = `Im${i}`;
    xobjects.set(PDFName.of(name), image);
    ops += `q ${num(rect[2] - rect[0])} 0 0 ${num(rect[3] - rect[1])} ${num(rect[0] - x0)} ${num(rect[1] - y0)} cm /${name} Do Q\n`;
  });
  const dict = context.obj({
    Type: 'XObject',
    Subtype: 'Form',
    BBox: [0, 0, x1 - x0, y1 - y0],
    Resources: { XObject: xobjects },
  });
  const contents = Buffer.from(ops, 'latin1');
  dict.set(PDFName.of('Length'), PDFNumber.of(contents.length));
  return context.register(PDFRawStream.of(dict, contents));
}

/** Union of rects. */
export function boundingBox(rects: readonly Box[]): Box {
  return [Math.min(...rects.map((r) => r[0])), Math.min(...rects.map((r) => r[1])), Math.max(...rects.map((r) => r[2])), Math.max(...rects.map((r) => r[3]))];
}

/** Numbers in content streams: no exponent notation, at most 4 decimals. */
export function num(n: number): string {
  return String(Math.round(n * 10000) / 10000);
}
