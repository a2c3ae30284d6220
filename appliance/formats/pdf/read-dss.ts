import { PDFArray, PDFDict, PDFRawStream } from '@cantoo/pdf-lib';
import type { DssContent } from '../../pades/index.js';
import type { PdfDocument } from '../../pdf/index.js';
import { streamData } from '../../pdf/stream-data.js';

/** The document's /DSS (certificates and CRLs as DER), or undefined when it has none. */
export async function readDss(doc: PdfDocument): Promise<DssContent | undefined> {
  const dss = await doc.get(await doc.catalog(), 'DSS', PDFDict);
  if (!dss) return undefined;
  const streams = async (key: string): Promise<Buffer[]> => {
    const array = await doc.get(dss, key, PDFArray);
    const out: Buffer[] = [];
    for (const item of array?.asArray() ?? []) {
      const stream = await doc.resolve(item);
      if (stream instanceof PDFRawStream) out.push(streamData(stream, doc.budget));
    }
    return out;
  };
  return { certificates: await streams('Certs'), crls: await streams('CRLs') };
}
