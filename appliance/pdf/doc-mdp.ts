import { PDFArray, PDFDict, PDFName, PDFNumber } from '@cantoo/pdf-lib';
import type { PdfDocument } from './pdf-document.js';

/**
 * The DocMDP permission of a certified document (§12.8.2.2): 1 no changes, 2 form filling and
 * signing, 3 also annotations; undefined when the document is not certified.
 */
export async function docMdpPermission(doc: PdfDocument): Promise<1 | 2 | 3 | undefined> {
  const perms = await doc.get(await doc.catalog(), 'Perms', PDFDict);
  const signature = perms && (await doc.get(perms, 'DocMDP', PDFDict));
  if (!signature) return undefined;
  const references = await doc.get(signature, 'Reference', PDFArray);
  for (const item of references?.asArray() ?? []) {
    const reference = await doc.resolve(item);
    if (!(reference instanceof PDFDict)) continue;
    if ((await doc.get(reference, 'TransformMethod', PDFName)) !== PDFName.of('DocMDP')) continue;
    const params = await doc.get(reference, 'TransformParams', PDFDict);
    const p = params && (await doc.get(params, 'P', PDFNumber));
    const value = p?.asNumber() ?? 2; // §12.8.2.2: default 2
    return value === 1 || value === 3 ? value : 2;
  }
  return 2;
}
