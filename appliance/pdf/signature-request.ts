import type { ModuleGrid } from './module-grid.js';
import type { Box } from './page.js';

/** One picture in the visible signature: the seal (a PNG), the QR code beside it (a module grid), … */
export type SealImage = PngSealImage | GridSealImage;

interface PlacedRect {
  /** Where on the page, PDF points [llx, lly, urx, ury] in the page's default user space. */
  readonly rect: Box;
}

export interface PngSealImage extends PlacedRect {
  /** PNG bytes; an alpha channel becomes the image's /SMask, so the page shows through. */
  readonly png: Uint8Array;
}

export interface GridSealImage extends PlacedRect {
  /** Drawn as vector squares, black on white (a QR code). */
  readonly grid: ModuleGrid;
}

/**
 * 骑缝章: the seal image cut into vertical slices, slice i at the right edge of the i-th page, as
 * locked, print-visible annotations in the signed revision —
 * the right edge of the crop box in default user space, so on a page with /Rotate it is not yet
 * the edge the reader sees.
 */
export interface CrossPageSeal {
  readonly png: Uint8Array;
  /** Size of the whole seal in points; each page shows width / pages.length of it. */
  readonly width: number;
  readonly height: number;
  /** Lower edge on every page, in points; default: centred on the page's crop box. */
  readonly y?: number;
  /** Pages to span, 1-based, in order; default every page. */
  readonly pages?: readonly number[];
}

export type SignatureSubFilter = 'ETSI.CAdES.detached' | 'ETSI.RFC3161';
export type DigestAlgorithm = 'sha256' | 'sha384' | 'sha512';

export interface SignatureRequest {
  /** Page of the visible widget, 1-based (default 1). */
  readonly page?: number;
  /** The images of the visible widget; none makes the signature invisible (a /Rect of zeros). */
  readonly images?: readonly SealImage[];
  readonly crossPage?: CrossPageSeal;
  /** ETSI.CAdES.detached (PAdES signature, default) or ETSI.RFC3161 (document timestamp). */
  readonly subFilter?: SignatureSubFilter;
  /**
   * Field name (/T); default the first free "Signature<N>". When the document already has an
   * unsigned signature field of that name, that field is signed where it stands: `page` is then
   * ignored and `images` are drawn into its widget (their rects should lie inside the widget's,
   * see signatureFields()).
   */
  readonly fieldName?: string;
  /** Bytes reserved for the CMS in /Contents (written as twice as many hex digits). Default 16384. */
  readonly contentsSize?: number;
  /** /M; default now. Not written for a document timestamp, whose time is in the token. */
  readonly signingTime?: Date;
  readonly name?: string;
  readonly reason?: string;
  readonly location?: string;
  readonly contactInfo?: string;
  /** Digest computed over the byte ranges. Default sha256. */
  readonly digestAlgorithm?: DigestAlgorithm;
}

export const DEFAULT_CONTENTS_SIZE = 16384;
