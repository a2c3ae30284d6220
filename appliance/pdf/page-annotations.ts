import { PDFArray, PDFName, PDFRef } from '@cantoo/pdf-lib';
import type { UpdateObject } from './incremental-writer.js';
import type { PageInfo } from './page.js';
import type { PdfDocument } from './pdf-document.js';

/** Appends annotations to the page's /Annots; returns the page, or the indirect /Annots array, to rewrite. */
export async function addAnnotations(doc: PdfDocument, page: PageInfo, annotations: readonly PDFRef[]): Promise<UpdateObject[]> {
  const value = page.dict.get(PDFName.of('Annots'));
  const annots = await doc.resolve(value);
  if (annots instanceof PDFArray) {
    for (const a of annotations) annots.push(a);
    if (value instanceof PDFRef) return [{ ref: value, object: annots }];
  } else {
    page.dict.set(PDFName.of('Annots'), doc.context.obj([...annotations]));
  }
  return [{ ref: page.ref, object: page.dict }];
}
