import type { PDFRef } from '@cantoo/pdf-lib';
import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';
import { freeFieldName } from './acroform.js';
import { docMdpPermission } from './doc-mdp.js';
import { fillSignatureField } from './fill-signature-field.js';
import type { UpdateObject } from './incremental-writer.js';
import { addNewSignatureField } from './new-signature-field.js';
import type { PdfDocument } from './pdf-document.js';
import { registerSignatureDictionary } from './signature-dictionary.js';
import { signatureFields } from './signature-fields.js';
import type { SignatureRequest } from './signature-request.js';

export interface SignatureObjects {
  readonly objects: UpdateObject[];
  readonly signature: PDFRef;
  readonly fieldName: string;
}

/**
 * Everything one signature adds or changes: the signature dictionary, a new field (or the
 * named empty one), widgets with their images and appearances, the pages and the AcroForm.
 */
export async function buildSignatureObjects(doc: PdfDocument, request: SignatureRequest): Promise<SignatureObjects> {
  const permission = await docMdpPermission(doc);
  if (permission === 1) throw new SealdeskError('DOC_LOCKED');
  // P=2 allows signing but not annotations, and the cross-page slices are annotations
  if (permission === 2 && request.crossPage) throw new SealdeskError('INPUT_INVALID', { reason: 'the certified document allows no annotations, so no cross-page seal' });
  const signature = registerSignatureDictionary(doc, request);
  const fieldName = request.fieldName ?? (await freeFieldName(doc));
  const existing = request.fieldName === undefined ? undefined : (await signatureFields(doc)).find((f) => f.name === fieldName);
  const changed = existing
    ? await fillSignatureField(doc, existing, signature, request)
    : await addNewSignatureField(doc, signature, fieldName, request);
  // the last change to an object wins, each object is written once, new objects after changed ones
  const objects = new Map<number, UpdateObject>();
  for (const o of changed) objects.set(o.ref.objectNumber, o);
  for (const [ref, object] of doc.newObjects()) objects.set(ref.objectNumber, { ref, object });
  return { objects: [...objects.values()], signature, fieldName };
}
