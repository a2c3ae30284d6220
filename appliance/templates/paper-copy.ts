import { concatTransformationMatrix, drawObject, PDFDocument, popGraphicsState, pushGraphicsState } from '@cantoo/pdf-lib';
import { decodeSeal } from '../eseals/index.js';
import { registerModuleGrid } from '../pdf/module-grid.js';
import { qrModules } from '../stamping/qr-image.js';

/** What goes on paper besides the certificate: the seal's picture where the stamp put it, and the QR 证照码 beside it. */
export interface PaperMarks {
  /** The anchor's centre on page 1 (PDF points, bottom left): the stamp centres its seal there. */
  anchor: { x: number; y: number };
  /** The seal's picture (PNG, transparent background). */
  sealPng: Buffer;
  /** The seal's SESeal (DER): its picture's width in mm is the printed size, as the OFD stamp sizes it. */
  eseal?: Buffer;
  /** The verification URL of the stamp (its document hash and seal event). */
  qr?: string;
}

const MM_TO_PT = 72 / 25.4;
/** 42 mm, the stamp's default (formats/pdf/placement.ts DEFAULT_SEAL_SIZE). */
const DEFAULT_SEAL_PT = 119;
const GAP_PT = 4;

/** The seal's printed width in points: its SESeal picture's own (what GB/T 38540 says it prints at), else 42 mm. */
function sealWidth(eseal: Buffer | undefined): number {
  if (!eseal) return DEFAULT_SEAL_PT;
  try {
    const widthMm = decodeSeal(eseal).picture.widthMm;
    return widthMm > 0 ? widthMm * MM_TO_PT : DEFAULT_SEAL_PT;
  } catch {
    return DEFAULT_SEAL_PT;
  }
}

/**
 * The paper copy of a certificate issued electronically in another format (an OFD e-licence): its
 * PDF rendering (the same layout, the PDF writer) with the seal's picture centred on the anchor
 * at the size the OFD stamp gives it, and the stamp's verification QR right of it (left when the
 * right leaves the page), lower edges level, as a PDF stamp places them. Not signed: paper carries
 * no signature; the QR leads to the electronic document's seal event, which is what verifies.
 */
export async function paperCopy(pdf: Uint8Array, marks: PaperMarks): Promise<Buffer> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const page = doc.getPage(0);
  const image = await doc.embedPng(marks.sealPng);
  const width = sealWidth(marks.eseal);
  const height = (width * image.height) / image.width;
  const x = marks.anchor.x - width / 2;
  const y = marks.anchor.y - height / 2;
  page.drawImage(image, { x, y, width, height });
  if (marks.qr !== undefined) {
    const side = Math.max(72, Math.round(width * 0.6));
    const right = x + width + GAP_PT;
    const qx = right + side <= page.getWidth() ? right : x - GAP_PT - side;
    // the stamp's own QR drawing (vector modules on a white ground, one path), placed like an image
    const name = page.node.newXObject('Qr', registerModuleGrid(doc.context, qrModules(marks.qr)));
    page.pushOperators(pushGraphicsState(), concatTransformationMatrix(side, 0, 0, side, qx, y), drawObject(name), popGraphicsState());
  }
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}
