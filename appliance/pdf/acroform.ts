import { PDFArray, PDFDict, PDFName, PDFNumber, PDFRef, PDFString, PDFHexString } from '@cantoo/pdf-lib';
import type { UpdateObject } from './incremental-writer.js';
import type { PdfDocument } from './pdf-document.js';

/**
 * Adds `field` (when given: a new field) to the document's /AcroForm (§12.7.3), keeping every
 * existing field, and sets /SigFlags 3 (SignaturesExist | AppendOnly). Returns the objects that
 * change: the form dictionary, its /Fields array or the catalog, whichever holds the change.
 */
export async function addFieldToAcroForm(doc: PdfDocument, field: PDFRef | undefined): Promise<UpdateObject[]> {
  const changed: UpdateObject[] = [];
  const catalog = await doc.catalog();
  const catalogRef = doc.trailer.get(PDFName.of('Root')) as PDFRef;
  const formValue = catalog.get(PDFName.of('AcroForm'));
  const found = await doc.resolve(formValue);
  let form: PDFDict;
  if (!(found instanceof PDFDict)) {
    form = doc.context.obj({ Fields: [] });
    catalog.set(PDFName.of('AcroForm'), doc.context.register(form));
    changed.push({ ref: catalogRef, object: catalog });
  } else if (formValue instanceof PDFRef) {
    form = found;
    changed.push({ ref: formValue, object: form });
  } else {
    form = found;
    changed.push({ ref: catalogRef, object: catalog });
  }
  form.set(PDFName.of('SigFlags'), PDFNumber.of(3));
  if (!field) return changed;
  const fieldsValue = form.get(PDFName.of('Fields'));
  const fields = await doc.resolve(fieldsValue);
  if (fields instanceof PDFArray) {
    fields.push(field);
    if (fieldsValue instanceof PDFRef) changed.push({ ref: fieldsValue, object: fields });
  } else {
    form.set(PDFName.of('Fields'), doc.context.obj([field]));
  }
  return changed;
}

/** The first "Signature<N>" no top-level field is called yet. */
export async function freeFieldName(doc: PdfDocument): Promise<string> {
  const taken = new Set<string>();
  const form = await doc.get(await doc.catalog(), 'AcroForm', PDFDict);
  const fields = form && (await doc.get(form, 'Fields', PDFArray));
  for (const item of fields?.asArray() ?? []) {
    const field = await doc.resolve(item);
    const name = field instanceof PDFDict ? await doc.resolve(field.get(PDFName.of('T'))) : undefined;
    if (name instanceof PDFString || name instanceof PDFHexString) taken.add(name.decodeText());
  }
  for (let n = 1; ; n++) if (!taken.has(`Signature${n}`)) return `Signature${n}`;
}
