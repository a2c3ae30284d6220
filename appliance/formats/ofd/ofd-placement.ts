import { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import type { CrossPageOption, Placement, PlacedSeal, SealAppearance, TextFinder } from '../document-format.js';
import { DEFAULT_SEAL_SIZE, pngSize } from '../pdf/placement.js';
import type { ModuleGrid } from '../../pdf/index.js';

/** The gap between seal and QR, as the PDF stamp leaves it. */
const QR_GAP_PT = 4;
import { MM_TO_PT, type MmBox, type OfdPage } from './ofd-package.js';

/** A page's size in mm, read when asked. */
export type PageBoxOf = (page: OfdPage) => MmBox;

/** One StampAnnot of a 骑缝章: the whole seal's box on the page, of which only `clip` (in the seal's own box) shows. */
export interface OfdCrossPageSlice {
  readonly page: number;
  readonly pageId: string;
  readonly boundary: MmBox;
  readonly clip: MmBox;
}

/** Where the seal goes on an OFD page: its StampAnnot's page and Boundary (mm, origin top left). */
export interface OfdPlacedSeal extends PlacedSeal {
  readonly pageId: string;
  readonly boundary: MmBox;
  /** The QR 证照码 beside the seal (mm, origin top left), written as a page annotation the signature protects. */
  readonly qr?: { readonly grid: ModuleGrid; readonly box: MmBox };
  /** The 骑缝章's slices, one StampAnnot per page, in the same signature. */
  readonly crossPage?: readonly OfdCrossPageSlice[];
  /** The GB/T 38540 seal (SESeal DER) written as Seal.esl and into the signature. */
  readonly eseal: Buffer;
}

export const isOfdPlaced = (placed: PlacedSeal): placed is OfdPlacedSeal => Array.isArray((placed as OfdPlacedSeal).boundary);

/**
 * The seal's box on its page, from the seam's points (origin bottom left) to OFD's mm (origin top
 * left). Its size: the placement's, else the seal picture's own width in mm (what GB/T 38540 says
 * it prints at), else the common 42 mm. Field placements do not exist in OFD: SIGNATURE_FIELD_NOT_FOUND.
 */
export async function placeOnOfd(pages: readonly OfdPage[], boxOf: PageBoxOf, path: string, placement: Placement, appearance: SealAppearance, find: TextFinder, pictureWidthMm?: number): Promise<OfdPlacedSeal> {
  if (!appearance.eseal) throw new SealdeskError('OFD_ESEAL_REQUIRED');
  if (placement.kind === 'field') throw new SealdeskError('SIGNATURE_FIELD_NOT_FOUND', { field: placement.name });
  const { width: pw, height: ph } = pngSize(appearance.image);
  const size = placement.size ?? (pictureWidthMm ? pictureWidthMm * MM_TO_PT : DEFAULT_SEAL_SIZE);
  const height = (size * ph) / pw;
  let number: number;
  let x: number;
  let y: number;
  if (placement.kind === 'position') {
    ({ page: number, x, y } = placement);
  } else {
    const hit = await find(path, placement.text, placement.pages);
    number = hit.page;
    x = (hit.rect[0] + hit.rect[2]) / 2 - size / 2;
    y = (hit.rect[1] + hit.rect[3]) / 2 - height / 2;
  }
  const page = pages[number - 1];
  if (!page || number < 1) throw new SealdeskError('PAGE_OUT_OF_RANGE', { page: number, pageCount: pages.length });
  const [, , pageWidthMm, pageHeightMm] = boxOf(page);
  const boundary: MmBox = [x / MM_TO_PT, pageHeightMm - (y + height) / MM_TO_PT, size / MM_TO_PT, height / MM_TO_PT];
  const crossPage = appearance.crossPage ? crossPageSlices(pages, boxOf, appearance.crossPage, size / MM_TO_PT, ph / pw) : undefined;
  const qr = appearance.qr ? { grid: appearance.qr, box: qrBox(boundary, size, pageWidthMm) } : undefined;
  return { page: number, pageId: page.id, boundary, eseal: appearance.eseal, ...(qr ? { qr } : {}), ...(crossPage ? { crossPage } : {}) };
}

/**
 * Where the PDF stamp puts its QR (formats/pdf/placement.ts), in mm from the top left: beside the
 * seal on the right, lower edges level, on the left when the right would leave the page; its side
 * 60 % of the seal's width, never under an inch.
 */
function qrBox(seal: MmBox, sealSizePt: number, pageWidthMm: number): MmBox {
  const side = Math.max(72, Math.round(sealSizePt * 0.6)) / MM_TO_PT;
  const gap = QR_GAP_PT / MM_TO_PT;
  const right = seal[0] + seal[2] + gap;
  const x = right + side <= pageWidthMm ? right : seal[0] - gap - side;
  return [x, seal[1] + seal[3] - side, side, side];
}

/**
 * 骑缝章 as the PDF stamp cuts it (appliance/formats/pdf/placement.ts): the seal in as many vertical
 * slices as pages, slice i from the left against the right edge of the i-th page, vertically
 * centred, each slice at least 10 pt wide. OFD draws it as ofdrw's RidingStampPos does: each page's
 * StampAnnot holds the whole seal's Boundary, shifted so slice i lies on the page, and a Clip (in
 * the seal's box) that shows slice i only. PAGE_OUT_OF_RANGE for pages the document does not have.
 */
function crossPageSlices(pages: readonly OfdPage[], boxOf: PageBoxOf, option: CrossPageOption, sealWidthMm: number, ratio: number): OfdCrossPageSlice[] {
  const total = pages.length;
  const from = option.from ?? 1;
  const to = option.to ?? total;
  if (from < 1 || to > total || from > to) throw new SealdeskError('PAGE_OUT_OF_RANGE', { page: from < 1 || from > to ? from : to, pageCount: total });
  const count = to - from + 1;
  const width = Math.max(DEFAULT_SEAL_SIZE / MM_TO_PT, sealWidthMm, (count * 10) / MM_TO_PT);
  const height = width * ratio;
  const slice = width / count;
  return pages.slice(from - 1, to).map((page, i) => {
    const [, , pageWidth, pageHeight] = boxOf(page);
    return { page: page.number, pageId: page.id, boundary: [pageWidth - slice * (i + 1), (pageHeight - height) / 2, width, height], clip: [slice * i, 0, slice, height] };
  });
}
