import { PDFName, type PDFRef } from '@cantoo/pdf-lib';
import { addFieldToAcroForm } from './acroform.js';
import { boundingBox, registerAppearance } from './appearance.js';
import { crossPageSlices } from './cross-page.js';
import type { UpdateObject } from './incremental-writer.js';
import { page as findPage, type Box } from './page.js';
import { addAnnotations } from './page-annotations.js';
import type { PdfDocument } from './pdf-document.js';
import { textString } from './pdf-text.js';
import { registerSealImage } from './seal-image.js';
import type { SignatureRequest } from './signature-request.js';

/**
 * A new signature field valued with `signature`, its own widget (the merged field/widget form
 * every validator reads). Cross-page slices are appearance-only /Stamp annotations written in
 * the same revision, so the signature covers them; they are not widgets of the field because
 * poppler (pdfsig) then no longer finds the signature of a field with /Kids.
 */
export async function addNewSignatureField(doc: PdfDocument, signature: PDFRef, fieldName: string, request: SignatureRequest): Promise<UpdateObject[]> {
  const context = doc.context;
  const images = request.images ?? [];
  const rect: Box = images.length ? boundingBox(images.map((i) => i.rect)) : [0, 0, 0, 0];
  const page = await findPage(doc, request.page ?? 1);
  const field = context.obj({ Type: 'Annot', Subtype: 'Widget', FT: 'Sig', F: PRINT, P: page.ref, Rect: [...rect] });
  field.set(PDFName.of('T'), textString(fieldName));
  field.set(PDFName.of('V'), signature);
  if (images.length) {
    const placed = images.map((i) => ({ image: registerSealImage(context, i), rect: i.rect }));
    field.set(PDFName.of('AP'), context.obj({ N: registerAppearance(context, rect, placed) }));
  }
  const fieldRef = context.register(field);
  const byPage = new Map<number, PDFRef[]>([[page.number, [fieldRef]]]);
  if (request.crossPage) {
    for (const slice of await crossPageSlices(doc, request.crossPage)) {
      const sliceInfo = await findPage(doc, slice.page);
      const stampAnnotation = context.obj({ Type: 'Annot', Subtype: 'Stamp', F: PRINT | READ_ONLY | LOCKED | LOCKED_CONTENTS, P: sliceInfo.ref, Rect: [...slice.rect] });
      stampAnnotation.set(PDFName.of('AP'), context.obj({ N: registerAppearance(context, slice.rect, [{ image: slice.image, rect: slice.rect }]) }));
      byPage.set(slice.page, [...(byPage.get(slice.page) ?? []), context.register(stampAnnotation)]);
    }
  }
  const objects: UpdateObject[] = [];
  for (const [n, refs] of byPage) objects.push(...(await addAnnotations(doc, await findPage(doc, n), refs)));
  objects.push(...(await addFieldToAcroForm(doc, fieldRef)));
  return objects;
}

// Annotation flags (§12.5.3). Print: the stamped document is printed for the citizen, and the
// seal must print too. The slices also may not be moved, edited or interacted with.
const PRINT = 4;
const READ_ONLY = 64;
const LOCKED = 128;
const LOCKED_CONTENTS = 512;
