import { findText, page as pageInfo, pageCount, signatureFields, type Box, type CrossPageSeal, type ModuleGrid, type PdfDocument, type SealImage } from '../../pdf/index.js';
import { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import type { CrossPageOption, Placement, TextFinder } from '../document-format.js';

/** 42 mm, the common diameter of an official seal. */
export const DEFAULT_SEAL_SIZE = 119;
const GAP = 4;

export interface PlacedImages {
  page: number;
  images: SealImage[];
  fieldName?: string;
}

/** Width / height of a PNG from its IHDR. */
export function pngSize(png: Uint8Array): { width: number; height: number } {
  const view = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.readUInt32BE(16), height: view.readUInt32BE(20) };
}

/**
 * The seal's rect and, when there is a QR code, the QR's: beside the seal on the right, its
 * lower edge level with the seal's, or on the left when the right would leave the page.
 */
export async function placeImages(doc: PdfDocument, path: string, placement: Placement, seal: Buffer, qr: ModuleGrid | undefined, find: TextFinder = findText): Promise<PlacedImages> {
  const { width: w, height: h } = pngSize(seal);
  if (placement.kind === 'field') {
    const field = (await signatureFields(doc)).find((f) => f.name === placement.name);
    const widget = field?.widgets[0];
    if (!field || field.signed || !widget) throw new SealdeskError('SIGNATURE_FIELD_NOT_FOUND', { field: placement.name });
    return { page: widget.page ?? 1, images: fieldImages(widget.rect, seal, w / h, qr), fieldName: placement.name };
  }
  let pageNumber: number;
  let x: number;
  let y: number;
  const size = placement.size ?? DEFAULT_SEAL_SIZE;
  const height = (size * h) / w;
  if (placement.kind === 'position') {
    ({ page: pageNumber, x, y } = placement);
  } else {
    const hit = await find(path, placement.text, placement.pages);
    pageNumber = hit.page;
    x = (hit.rect[0] + hit.rect[2]) / 2 - size / 2;
    y = (hit.rect[1] + hit.rect[3]) / 2 - height / 2;
  }
  const info = await pageInfo(doc, pageNumber);
  const images: SealImage[] = [{ png: seal, rect: [x, y, x + size, y + height] }];
  if (qr) {
    const q = qrSize(size);
    const right = x + size + GAP;
    const qx = right + q <= info.mediaBox[2] ? right : x - GAP - q;
    images.push({ grid: qr, rect: [qx, y, qx + q, y + q] });
  }
  return { page: pageNumber, images };
}

/** Large enough to scan from paper at 300 dpi; never smaller than 1 inch. */
function qrSize(sealSize: number): number {
  return Math.max(72, Math.round(sealSize * 0.6));
}

/** Inside a template's widget: the seal in a square at the left, the QR in what is left on the right. */
function fieldImages(rect: Box, seal: Buffer, ratio: number, qr: ModuleGrid | undefined): SealImage[] {
  const [llx, lly, urx, ury] = rect;
  const boxH = ury - lly;
  const sealW = Math.min(boxH * ratio, qr ? (urx - llx) * 0.62 : urx - llx);
  const sealH = sealW / ratio;
  const images: SealImage[] = [{ png: seal, rect: [llx, lly + (boxH - sealH) / 2, llx + sealW, lly + (boxH + sealH) / 2] }];
  const room = urx - llx - sealW - GAP;
  if (qr && room > 20) {
    const q = Math.min(room, boxH);
    images.push({ grid: qr, rect: [urx - q, lly, urx, lly + q] });
  }
  return images;
}

/** The 骑缝章 across the pages' right edges (PAGE_OUT_OF_RANGE for pages the document does not have). */
export async function crossPageSeal(doc: PdfDocument, png: Buffer, option: CrossPageOption): Promise<CrossPageSeal> {
  const total = await pageCount(doc);
  const from = option.from ?? 1;
  const to = option.to ?? total;
  if (from < 1 || to > total || from > to) throw new SealdeskError('PAGE_OUT_OF_RANGE', { page: from < 1 || from > to ? from : to, pageCount: total });
  const pages = Array.from({ length: to - from + 1 }, (_, i) => from + i);
  const { width, height } = pngSize(png);
  // 骑缝章 slices of at least 10 pt each: wide enough to read as part of the seal
  const size = Math.max(119, pages.length * 10);
  return { png, width: size, height: (size * height) / width, pages };
}
