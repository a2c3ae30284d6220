import './job-errors.js';
import type { DocumentLimits } from '../documents/index.js';
import { chainConfigured } from '../ledger/seal-chain.js';
import { loadLedgerConfig } from '../ledger/ledger-config.js';
import { verifyOnChain } from '../ledger/verify-on-chain.js';
import { formatOf, headOf, openDocument, renderOfdPageSvg } from '../formats/index.js';
import { findText, openPdf, preparePng, signatureFields, type PreparedPng, type TextHit } from '../pdf/index.js';
import type { Placement } from '../formats/index.js';
import { paperCopy, renderCertificate, renderCertificateAs, type CertificateData, type CertificateFile, type CertificateFormat, type CertificateTemplate, type OfdRenderOptions, type PaperMarks, type RenderedCertificate, type RenderOptions } from '../templates/index.js';
import { verifyPdf } from '../verification/index.js';

export interface InspectPayload {
  path: string;
  limits?: DocumentLimits;
}
export interface Inspection {
  pages: number;
}
export interface RehearsePayload {
  path: string;
  placement: Placement;
  limits?: DocumentLimits;
}
export interface FindTextPayload {
  path: string;
  text: string;
  pages?: readonly number[];
}
export interface PaperCopyPayload {
  pdf: Uint8Array;
  marks: PaperMarks;
}
export interface CertificatePayload {
  template: CertificateTemplate;
  data: CertificateData;
  options: RenderOptions;
}
/** A rendered certificate as it crosses back: its PDF a bare Uint8Array (DocumentPool makes it a Buffer again). */
export type RenderedCertificateWire = Omit<RenderedCertificate, 'pdf'> & { pdf: Uint8Array };
export interface CertificateFilePayload {
  template: CertificateTemplate;
  data: CertificateData;
  options: OfdRenderOptions & { format?: CertificateFormat };
}
export type CertificateFileWire = Omit<CertificateFile, 'bytes'> & { bytes: Uint8Array };
export interface PageSvgPayload {
  path: string;
  page: number;
  limits?: DocumentLimits;
}
export interface VerifyPayload {
  path: string;
  home: string;
  limits?: DocumentLimits;
}

/**
 * What runs in a document worker thread (see worker-pool.ts): everything that parses a document
 * from outside. Imported whole when the thread boots, before it says it is ready: module loading
 * (seconds on a busy machine) never counts against a document's time limit. Results go back as
 * their JSON form, the same the HTTP reply carries (a Buffer would arrive as a bare Uint8Array).
 */
export const jobs = {
  /** An upload opened and its page tree walked: what stamping it will rely on. */
  async inspect({ path, limits }: InspectPayload): Promise<Inspection> {
    const doc = await openDocument(path, limits ? { limits } : {});
    try {
      return { pages: await doc.pageCount() };
    } finally {
      await doc.close();
    }
  },

  /**
   * The parsing a stamp's placement does beyond the upload's inspection: the anchor text looked
   * for in the pages' content streams (decoded, so a flate bomb can hide there), or the template's
   * signature fields read. Throws what the stamp would (TEXT_NOT_FOUND, SIGNATURE_FIELD_NOT_FOUND
   * come later, from the stamp itself, with the same answer).
   */
  async rehearse({ path, placement, limits }: RehearsePayload): Promise<null> {
    // an OFD's text is its page XML, read within its budget by the stamp's own place(): nothing to rehearse
    if (formatOf(headOf(path)).name !== 'pdf') return null;
    if (placement.kind === 'text') await findText(path, placement.text, placement.pages);
    else if (placement.kind === 'field') {
      const doc = await openPdf(path, undefined, { limits });
      try {
        await signatureFields(doc);
      } finally {
        await doc.close();
      }
    }
    return null;
  },

  /**
   * A kiosk's certificate rendered: CJK fonts parsed, subset and deflated (seconds of fontkit and
   * pdf-lib on the first, a few hundred ms after), off the thread that answers the hall.
   */
  async certificate({ template, data, options }: CertificatePayload): Promise<RenderedCertificateWire> {
    return renderCertificate(template, data, options);
  },

  /** The same in the request's or the template's format (PDF or OFD: renderCertificateAs). */
  async certificateFile({ template, data, options }: CertificateFilePayload): Promise<CertificateFileWire> {
    return renderCertificateAs(template, data, options);
  },

  /** The paper copy of an e-licence: its PDF rendering with the seal's picture and QR drawn (paperCopy); the seal's PNG decoded here. */
  async paperCopy({ pdf, marks }: PaperCopyPayload): Promise<Uint8Array> {
    return paperCopy(pdf, { ...marks, sealPng: Buffer.from(marks.sealPng), ...(marks.eseal ? { eseal: Buffer.from(marks.eseal) } : {}) });
  },

  /** A text placement's anchor found (pdf.js's text extraction): where the stamp centres its seal. */
  async findText({ path, text, pages }: FindTextPayload): Promise<TextHit> {
    return findText(path, text, pages);
  },

  /** A seal's PNG made ready for a PDF (see preparePng): decoded and deflated here, kept by the main thread. */
  async sealImage({ png }: { png: Uint8Array }): Promise<PreparedPng> {
    return preparePng(png);
  },

  /** An OFD page drawn as SVG for the counter's preview (renderOfdPageSvg), within the document's limits. */
  async pageSvg({ path, page, limits }: PageSvgPayload): Promise<string> {
    return renderOfdPageSvg(path, page, limits);
  },

  /** `sealdesk verify`, chain included when configured. */
  async verify({ path, home, limits }: VerifyPayload): Promise<unknown> {
    const local = await verifyPdf(path, { home, ...(limits ? { limits } : {}) });
    const config = loadLedgerConfig(home);
    const report = chainConfigured(config) ? await verifyOnChain(local, path, home, config) : local;
    return JSON.parse(JSON.stringify(report)) as unknown;
  },
};
