import { PDFName, type PDFRef } from '@cantoo/pdf-lib';
import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';
import { addFieldToAcroForm } from './acroform.js';
import { registerAppearance } from './appearance.js';
import type { UpdateObject } from './incremental-writer.js';
import type { PdfDocument } from './pdf-document.js';
import { registerSealImage } from './seal-image.js';
import type { SignatureField } from './signature-fields.js';
import type { SignatureRequest } from './signature-request.js';

/** Signs a field the document already has (a template's empty signature field) where it stands. */
export async function fillSignatureField(doc: PdfDocument, field: SignatureField, signature: PDFRef, request: SignatureRequest): Promise<UpdateObject[]> {
  if (field.signed) throw new SealdeskError('INPUT_INVALID', { reason: `signature field ${field.name} is already signed` });
  if (request.crossPage) throw new SealdeskError('INPUT_INVALID', { reason: 'a cross-page seal needs a new signature field' });
  const objects: UpdateObject[] = [];
  field.dict.set(PDFName.of('V'), signature);
  objects.push({ ref: field.ref, object: field.dict });
  const images = request.images ?? [];
  const first = field.widgets[0];
  if (images.length && first) {
    const placed = images.map((i) => ({ image: registerSealImage(doc.context, i), rect: i.rect }));
    first.dict.set(PDFName.of('AP'), doc.context.obj({ N: registerAppearance(doc.context, first.rect, placed) }));
    objects.push({ ref: first.ref, object: first.dict });
  }
  objects.push(...(await addFieldToAcroForm(doc, undefined)));
  return objects;
}
