import { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import type { Placement, PlacedSeal, SealAppearance, TextFinder } from '../document-format.js';
import { DEFAULT_SEAL_SIZE, pngSize } from '../pdf/placement.js';
import { MM_TO_PT, type MmBox, type OfdPage } from './ofd-package.js';

/** A page's size in mm, read when asked. */
export type PageBoxOf = (page: OfdPage) => MmBox;

/** Where the seal goes on an OFD page: its StampAnnot's page and Boundary (mm, origin top left). */
export interface OfdPlacedSeal extends PlacedSeal {
  readonly pageId: string;
  readonly boundary: MmBox;
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
  const pageHeightMm = boxOf(page)[3];
  const boundary: MmBox = [x / MM_TO_PT, pageHeightMm - (y + height) / MM_TO_PT, size / MM_TO_PT, height / MM_TO_PT];
  return { page: number, pageId: page.id, boundary, eseal: appearance.eseal };
}
