import { PDFArray, PDFDict, PDFHexString, PDFName, PDFNumber, PDFRef, PDFString, type PDFObject } from '@cantoo/pdf-lib';
import type { Box } from './page.js';
import { pageTree } from './page-tree.js';
import type { PdfDocument } from './pdf-document.js';

export interface SignatureWidget {
  readonly ref: PDFRef;
  readonly dict: PDFDict;
  /** The page the widget is on (its /P, or found in the pages' /Annots). */
  readonly page: number | undefined;
  readonly rect: Box;
}

export interface SignatureField {
  readonly name: string;
  readonly ref: PDFRef;
  readonly dict: PDFDict;
  readonly signed: boolean;
  readonly widgets: readonly SignatureWidget[];
}

/**
 * The top-level signature fields of the form, signed or not: a template's empty field is where
 * `--field NAME` puts the seal. Page numbers come from the document's page index; each
 * signature field is spent from the budget's signatureFields.
 */
export async function signatureFields(doc: PdfDocument): Promise<SignatureField[]> {
  const form = await doc.get(await doc.catalog(), 'AcroForm', PDFDict);
  const fields = form && (await doc.get(form, 'Fields', PDFArray));
  const result: SignatureField[] = [];
  let pageNumbers: Map<string, number> | undefined;
  let annotationPages: Map<string, number> | undefined;
  for (const item of fields?.asArray() ?? []) {
    const dict = await doc.resolve(item);
    if (!(item instanceof PDFRef) || !(dict instanceof PDFDict) || dict.get(PDFName.of('FT')) !== PDFName.of('Sig')) continue;
    doc.budget.spend('signatureFields');
    const name = text(await doc.resolve(dict.get(PDFName.of('T'))));
    if (name === undefined) continue;
    const kids = await doc.get(dict, 'Kids', PDFArray);
    const widgetRefs = kids ? kids.asArray().filter((k): k is PDFRef => k instanceof PDFRef) : [item];
    const widgets: SignatureWidget[] = [];
    for (const ref of widgetRefs) {
      const widget = await doc.resolve(ref);
      if (!(widget instanceof PDFDict)) continue;
      const rect = await numbers(doc, widget.get(PDFName.of('Rect')));
      pageNumbers ??= await pageNumbersByRef(doc);
      const p = widget.get(PDFName.of('P'));
      const page = p instanceof PDFRef ? pageNumbers.get(p.tag) : (annotationPages ??= await pagesByAnnotation(doc)).get(ref.tag);
      widgets.push({ ref, dict: widget, page, rect: rect && rect.length === 4 ? [rect[0]!, rect[1]!, rect[2]!, rect[3]!] : [0, 0, 0, 0] });
    }
    result.push({ name, ref: item, dict, signed: dict.has(PDFName.of('V')), widgets });
  }
  return result;
}

function text(value: PDFObject | undefined): string | undefined {
  return value instanceof PDFString || value instanceof PDFHexString ? value.decodeText() : undefined;
}

async function numbers(doc: PdfDocument, value: PDFObject | undefined): Promise<number[] | undefined> {
  const array = await doc.resolve(value);
  if (!(array instanceof PDFArray)) return undefined;
  const out: number[] = [];
  for (const item of array.asArray()) {
    const n = await doc.resolve(item);
    if (n instanceof PDFNumber) out.push(n.asNumber());
  }
  return out;
}

/** Page number of every page object, by its reference's tag ("12 0 R"). */
async function pageNumbersByRef(doc: PdfDocument): Promise<Map<string, number>> {
  return new Map((await pageTree(doc).all()).map((p, i) => [p.ref.tag, i + 1]));
}

/** For widgets without /P: the page whose /Annots lists each annotation, read once for all of them. */
async function pagesByAnnotation(doc: PdfDocument): Promise<Map<string, number>> {
  const pages = new Map<string, number>();
  let number = 0;
  for (const page of await pageTree(doc).all()) {
    number++;
    const annots = await doc.get(page.dict, 'Annots', PDFArray);
    for (const a of annots?.asArray() ?? []) if (a instanceof PDFRef && !pages.has(a.tag)) pages.set(a.tag, number);
  }
  return pages;
}
