import type { PDFContext, PDFRef } from '@cantoo/pdf-lib';
import { registerModuleGrid } from './module-grid.js';
import { registerPng } from './png-image.js';
import type { SealImage } from './signature-request.js';

/** The XObject that draws one picture of a visible signature into its unit square. */
export function registerSealImage(context: PDFContext, image: SealImage): PDFRef {
  return 'grid' in image ? registerModuleGrid(context, image.grid) : registerPng(context, image.png);
}
