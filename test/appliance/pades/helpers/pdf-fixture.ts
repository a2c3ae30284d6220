import { createHash } from 'node:crypto';
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFString, StandardFonts, type PDFRef } from '@cantoo/pdf-lib';
import type { SignatureEntry } from '../../../../appliance/pades/verify/signature-entry.js';

/**
 * A minimal stand-in for the PDF layer until its signing API lands: a one-page PDF made with
 * pdf-lib holding one signature field whose /Contents is a zero-filled placeholder, the
 * ByteRange worked out here, and the CMS written into the placeholder.
 */
const PLACEHOLDER = [0, 1111111111, 2222222222, 3333333333];

export interface PreparedPdf {
  /** The file with the final ByteRange and an all-zero /Contents. */
  bytes: Buffer;
  byteRange: [number, number, number, number];
  /** Hex digits the placeholder holds. */
  room: number;
}

export async function preparePdf(options: { subFilter?: string; contentsBytes?: number; text?: string } = {}): Promise<PreparedPdf> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595, 842]);
  page.drawText(options.text ?? 'sealdesk test document', { x: 72, y: 760, size: 14, font: await doc.embedFont(StandardFonts.Helvetica) });
  const context = doc.context;
  const signature = context.register(
    context.obj({
      Type: 'Sig',
      Filter: 'Adobe.PPKLite',
      SubFilter: options.subFilter ?? 'ETSI.CAdES.detached',
      ByteRange: PLACEHOLDER,
      Contents: PDFHexString.of('0'.repeat((options.contentsBytes ?? 12_000) * 2)),
      M: PDFString.fromDate(new Date()),
    }),
  );
  const widget = context.register(
    context.obj({ Type: 'Annot', Subtype: 'Widget', FT: 'Sig', Rect: [0, 0, 0, 0], V: signature, T: PDFString.of('Signature1'), F: 4, P: page.ref }),
  );
  page.node.set(PDFName.of('Annots'), context.obj([widget]));
  doc.catalog.set(PDFName.of('AcroForm'), context.obj({ Fields: [widget], SigFlags: 3 }));
  return finishPlaceholder(Buffer.from(await doc.save({ useObjectStreams: false })), 0);
}

/** Finds the placeholder written at or after `from`, and writes the real ByteRange over it. */
function finishPlaceholder(bytes: Buffer, from: number): PreparedPdf {
  const placeholder = `[ ${PLACEHOLDER.join(' ')} ]`;
  const at = bytes.indexOf(placeholder, from, 'latin1');
  if (at < 0) throw new Error('ByteRange placeholder not found');
  const start = bytes.indexOf('/Contents <', at, 'latin1') + '/Contents '.length;
  const end = bytes.indexOf('>', start, 'latin1') + 1;
  const byteRange: [number, number, number, number] = [0, start, end, bytes.length - end];
  bytes.write(`[${byteRange.join(' ')}]`.padEnd(placeholder.length, ' '), at, 'latin1');
  return { bytes, byteRange, room: end - start - 2 };
}

/**
 * An incremental update to a signed PDF, as B-LT and B-LTA need: a /DSS with the given
 * certificates and CRLs in the catalog, and a document timestamp field (/SubFilter ETSI.RFC3161)
 * whose placeholder comes back ready for the TSA token.
 */
export async function appendDssAndDocumentTimestamp(base: Buffer, dss: { certificates: Buffer[]; crls: Buffer[] } | undefined): Promise<PreparedPdf> {
  const doc = await PDFDocument.load(base, { forIncrementalUpdate: true });
  const context = doc.context;
  const page = doc.getPage(0);
  if (dss) {
    const Certs = dss.certificates.map((c) => context.register(context.stream(c)));
    const CRLs = dss.crls.map((c) => context.register(context.stream(c)));
    doc.catalog.set(PDFName.of('DSS'), context.register(context.obj({ Certs, CRLs })));
  }
  const timestamp = context.register(
    context.obj({
      Type: 'DocTimeStamp',
      Filter: 'Adobe.PPKLite',
      SubFilter: 'ETSI.RFC3161',
      ByteRange: PLACEHOLDER,
      Contents: PDFHexString.of('0'.repeat(12_000)),
    }),
  );
  const widget = context.register(
    context.obj({ Type: 'Annot', Subtype: 'Widget', FT: 'Sig', Rect: [0, 0, 0, 0], V: timestamp, T: PDFString.of('Timestamp1'), F: 4, P: page.ref }),
  );
  const annots = page.node.Annots();
  annots?.push(widget);
  const acroForm = doc.catalog.lookup(PDFName.of('AcroForm'), PDFDict);
  acroForm.lookup(PDFName.of('Fields'), PDFArray).push(widget);
  context.snapshot?.markRefForSave(page.ref);
  context.snapshot?.markRefForSave(context.trailerInfo.Root as PDFRef);
  const bytes = Buffer.from(await doc.commit({ useObjectStreams: false }));
  if (!bytes.subarray(0, base.length).equals(base)) throw new Error('the update changed the earlier bytes');
  return finishPlaceholder(bytes, base.length);
}

/** The digest of the signed byte ranges, as a signer computes it. */
export function byteRangeDigest(pdf: PreparedPdf, hash: 'sha256' | 'sha384' = 'sha256'): Buffer {
  const [a, b, c, d] = pdf.byteRange;
  return createHash(hash).update(pdf.bytes.subarray(a, a + b)).update(pdf.bytes.subarray(c, c + d)).digest();
}

export function embedCms(pdf: PreparedPdf, cms: Buffer): Buffer {
  const hex = cms.toString('hex').toUpperCase();
  if (hex.length > pdf.room) throw new Error(`CMS of ${cms.length} bytes does not fit`);
  const out = Buffer.from(pdf.bytes);
  out.write(hex, pdf.byteRange[1] + 1, 'latin1');
  return out;
}

/** Signature entries read straight from the file (one per ByteRange), as the PDF layer will list them. */
export function signatureEntries(file: Buffer): SignatureEntry[] {
  const text = file.toString('latin1');
  const entries: SignatureEntry[] = [];
  for (const match of text.matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)) {
    const byteRange = match.slice(1, 5).map(Number) as [number, number, number, number];
    const hex = text.slice(byteRange[1] + 1, byteRange[2] - 1);
    const dictionary = text.slice(Math.max(0, text.lastIndexOf('<<', match.index)), byteRange[1]);
    const subFilter = /\/SubFilter\s*\/([\w.]+)/.exec(dictionary)?.[1] ?? /\/SubFilter\s*\/([\w.]+)/.exec(text.slice(byteRange[2], byteRange[2] + 400))?.[1];
    entries.push({ byteRange, contents: Buffer.from(hex, 'hex'), ...(subFilter ? { subFilter } : {}) });
  }
  return entries;
}
