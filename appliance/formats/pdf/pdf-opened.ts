import { readFile } from 'node:fs/promises';
import { signatureEntryOf, verifyPdfSignatures, type VerificationReport } from '../../pades/index.js';
import { listSignatures, page, pageCount, prepareSignature, type CrossPageSeal, type PdfDocument, type PendingOutput, type SealImage } from '../../pdf/index.js';
import type { DocumentFormat, EmbeddedSignature, OpenedDocument, PageDescription, PendingSignature, Placement, PlacedSeal, SealAppearance, SignatureSpec, SignatureTrust, TextFinder } from '../document-format.js';
import { cmsRoom } from './cms-room.js';
import { documentHash } from './document-hash.js';
import { workPath } from './long-term.js';
import { PadesPending } from './pades-pending.js';
import { crossPageSeal, placeImages } from './placement.js';
import { readDss } from './read-dss.js';

/** Where a seal goes on a PDF: the widget's page and pictures, the field it fills, the 骑缝章. */
interface PdfPlacedSeal extends PlacedSeal {
  readonly images: SealImage[];
  readonly fieldName?: string;
  readonly crossPage?: CrossPageSeal;
}

const isPdfPlaced = (placed: PlacedSeal): placed is PdfPlacedSeal => Array.isArray((placed as PdfPlacedSeal).images);

/** A PDF opened lazily (see openPdf) as the document-format seam sees it. */
export class PdfOpened implements OpenedDocument {
  readonly format: DocumentFormat;
  /** The PDF layer's document, for PDF-only readers (verification's /DSS and DocMDP). */
  readonly pdf: PdfDocument;
  readonly #path: string;
  readonly #findText: TextFinder | undefined;

  constructor(format: DocumentFormat, pdf: PdfDocument, path: string, findText?: TextFinder) {
    this.format = format;
    this.pdf = pdf;
    this.#path = path;
    this.#findText = findText;
  }

  sha256(): Promise<string> {
    return documentHash(this.pdf);
  }

  pageCount(): Promise<number> {
    return pageCount(this.pdf);
  }

  async page(number: number): Promise<PageDescription> {
    const [llx, lly, urx, ury] = (await page(this.pdf, number)).mediaBox;
    return { number, width: urx - llx, height: ury - lly };
  }

  async place(placement: Placement, appearance: SealAppearance): Promise<PdfPlacedSeal> {
    const placed = await placeImages(this.pdf, this.#path, placement, appearance.image, appearance.qr, this.#findText);
    const crossPage = appearance.crossPage ? await crossPageSeal(this.pdf, appearance.image, appearance.crossPage) : undefined;
    return { ...placed, ...(crossPage ? { crossPage } : {}) };
  }

  /** B-LT and B-LTA sign into a work file first: their /DSS (and timestamp) are further updates. */
  async prepareSignature(target: string | PendingOutput, placed: PlacedSeal, spec: SignatureSpec): Promise<PendingSignature> {
    if (!isPdfPlaced(placed)) throw new TypeError('a seal placed on another format');
    const longTerm = spec.level.level === 'B-LT' || spec.level.level === 'B-LTA';
    const output = typeof target === 'string' ? target : target.path;
    // B-LT and B-LTA write through work files, so an output's temp file made early is not theirs
    if (longTerm && typeof target !== 'string') await target.discard();
    const prepared = await prepareSignature(this.pdf, longTerm ? workPath(output, 'signed') : target, {
      page: placed.page,
      images: placed.images,
      ...(placed.fieldName ? { fieldName: placed.fieldName } : {}),
      ...(placed.crossPage ? { crossPage: placed.crossPage } : {}),
      subFilter: 'ETSI.CAdES.detached',
      ...(spec.certificateChain ? { contentsSize: cmsRoom(spec.certificateChain, spec.level.level) } : {}),
      digestAlgorithm: spec.hash,
      signingTime: spec.signingTime,
      name: spec.name,
      reason: spec.reason,
      ...(spec.location ? { location: spec.location } : {}),
    });
    return new PadesPending(prepared, output, spec.level);
  }

  async signatures(): Promise<EmbeddedSignature[]> {
    const listed = await listSignatures(this.pdf);
    return [...listed]
      .sort((a, b) => a.revisionEnd - b.revisionEnd)
      .map((s) => ({ kind: s.subFilter === 'ETSI.RFC3161' ? 'document-timestamp' : 'signature', revisionEnd: s.revisionEnd, value: s.contents }));
  }

  async verifySignatures(trust: SignatureTrust): Promise<VerificationReport> {
    const listed = await listSignatures(this.pdf);
    const dss = await readDss(this.pdf);
    const file = this.pdf.file.bytes ?? (await readFile(this.#path));
    return verifyPdfSignatures(file, listed.map(signatureEntryOf), { ...trust, ...(dss ? { dss } : {}) });
  }

  close(): Promise<void> {
    return this.pdf.close();
  }
}
