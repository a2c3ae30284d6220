import { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import type { DocumentBudget } from '../../documents/index.js';
import { decodeSesSignature } from '../../eseals/index.js';
import { parseBox, readXml, resolveLoc, type MmBox, type OfdPage, type OfdStructure } from './ofd-package.js';
import { attribute, child, children, text } from './safe-xml.js';
import { sealPictureView } from './seal-picture.js';
import { listOfdSignatures } from './signature-list.js';
import type { ZipArchive } from './zip-archive.js';

/** One seal already on a page, as a reader draws it: the signature's StampAnnot and the picture of its SESeal. */
export interface StampAppearance {
  /** The seal's box on the page (mm, origin top left). */
  readonly boundary: MmBox;
  /** The part of the box that shows (a 骑缝章's slice), in the seal's own box. */
  readonly clip?: MmBox;
  /** data:image/png or data:image/jpeg; absent when the picture is another type, too large or unreadable. */
  readonly dataUrl?: string;
}

/**
 * The seals earlier signatures put on `page`: each StampAnnot of each signature in Signatures.xml
 * whose PageRef is the page, with the picture of the SESeal in its SignedValue.dat (what the
 * signature signed). Only a PNG or a JPEG is carried (seal-picture.ts); anything else, or a value
 * that does not decode, is a box without a picture. Each StampAnnot spends from the document's
 * objects and each value is held to signatureBytes: a package of many signatures is
 * DOCUMENT_TOO_COMPLEX, as a page of many objects is. A signature whose files are missing or
 * malformed draws nothing: the preview shows the page, the verifier says what is wrong.
 */
export function stampAppearances(archive: ZipArchive, structure: OfdStructure, page: OfdPage, budget: DocumentBudget): StampAppearance[] {
  const out: StampAppearance[] = [];
  const { listed } = listOfdSignatures(archive, structure, budget);
  for (const signature of listed) {
    try {
      if (!archive.has(signature.file)) continue;
      const root = child(readXml(archive, signature.file, budget), 'Signature');
      const annots = children(child(root, 'SignedInfo'), 'StampAnnot').filter((a) => attribute(a, 'PageRef') === page.id);
      if (annots.length === 0) continue;
      budget.spend('objects', annots.length);
      const dataUrl = pictureOf(archive, signature.file, text(child(root, 'SignedValue')), budget);
      for (const annot of annots) {
        const clip = attribute(annot, 'Clip');
        out.push({ boundary: parseBox(attribute(annot, 'Boundary'), `a StampAnnot of ${signature.file}`), ...(clip ? { clip: parseBox(clip, `a StampAnnot's Clip in ${signature.file}`) } : {}), ...(dataUrl ? { dataUrl } : {}) });
      }
    } catch (error) {
      if (!(error instanceof SealdeskError) || error.code === 'DOCUMENT_TOO_COMPLEX') throw error;
    }
  }
  return out;
}

function pictureOf(archive: ZipArchive, signatureFile: string, valueLoc: string | undefined, budget: DocumentBudget): string | undefined {
  const value = valueLoc ? archive.read(resolveLoc(signatureFile, valueLoc)) : undefined;
  if (!value) return undefined;
  budget.within('signatureBytes', value.length);
  try {
    return sealPictureView(decodeSesSignature(value).toSign.eseal.picture).dataUrl;
  } catch (error) {
    // not an SES_Signature (a digital signature, a version this code does not read): the box alone
    if (error instanceof SealdeskError && error.code === 'DOCUMENT_TOO_COMPLEX') throw error;
    return undefined;
  }
}
