import { deflateSync } from 'node:zlib';
import { PDFArray, PDFDict, PDFName, PDFNumber, PDFRawStream, PDFRef } from '@cantoo/pdf-lib';
import { commitOutput, removeTemp, tempPathFor, writeUpdatedCopy } from './atomic-output.js';
import { serializeUpdate, type UpdateObject } from './incremental-writer.js';
import type { PdfDocument } from './pdf-document.js';

/** Validation material for PAdES B-LT (ETSI EN 319 142-1 §5.4.2): DER certificates, CRLs, OCSP responses. */
export interface DssMaterial {
  readonly certificates: readonly Uint8Array[];
  readonly crls?: readonly Uint8Array[];
  readonly ocsps?: readonly Uint8Array[];
}

/**
 * Adds a /DSS dictionary (or more entries to the existing one) to the catalog as an
 * incremental update written to `outPath` — temp file, fsync, rename, as for a signature.
 * Each certificate, CRL and OCSP response is a stream of its DER, Flate-compressed.
 */
export async function addDss(doc: PdfDocument, outPath: string, material: DssMaterial): Promise<void> {
  doc.beginUpdate();
  const context = doc.context;
  const catalog = await doc.catalog();
  const catalogRef = doc.trailer.get(PDFName.of('Root')) as PDFRef;
  const changed: UpdateObject[] = [];
  const dssValue = catalog.get(PDFName.of('DSS'));
  const existing = await doc.resolve(dssValue);
  let dss: PDFDict;
  if (existing instanceof PDFDict) {
    dss = existing;
    changed.push(dssValue instanceof PDFRef ? { ref: dssValue, object: dss } : { ref: catalogRef, object: catalog });
  } else {
    dss = context.obj({});
    catalog.set(PDFName.of('DSS'), context.register(dss));
    changed.push({ ref: catalogRef, object: catalog });
  }
  for (const [key, items] of [
    ['Certs', material.certificates],
    ['CRLs', material.crls ?? []],
    ['OCSPs', material.ocsps ?? []],
  ] as const) {
    if (items.length === 0) continue;
    const value = dss.get(PDFName.of(key));
    const found = await doc.resolve(value);
    const array = found instanceof PDFArray ? found : context.obj([]);
    for (const der of items) array.push(context.register(derStream(doc, der)));
    if (value instanceof PDFRef && found instanceof PDFArray) changed.push({ ref: value, object: array });
    else dss.set(PDFName.of(key), array);
  }
  const objects = [...changed, ...doc.newObjects().map(([ref, object]) => ({ ref, object }))];
  const update = serializeUpdate(doc, dedupe(objects));
  const tempPath = tempPathFor(outPath);
  try {
    await writeUpdatedCopy(doc, tempPath, update.bytes);
    await commitOutput(tempPath, outPath);
  } catch (error) {
    await removeTemp(tempPath);
    throw error;
  }
}

function derStream(doc: PdfDocument, der: Uint8Array): PDFRawStream {
  const contents = deflateSync(der);
  return PDFRawStream.of(doc.context.obj({ Filter: 'FlateDecode', Length: PDFNumber.of(contents.length) }), contents);
}

function dedupe(objects: UpdateObject[]): UpdateObject[] {
  return [...new Map(objects.map((o) => [o.ref.objectNumber, o])).values()];
}
