import type { SealPicture } from '../../eseals/index.js';
import { imageTypeOf } from './image-type.js';

/** The largest seal picture a report carries as a data URL: a seal's PNG is some tens of kB. */
export const SEAL_PICTURE_MAX_BYTES = 256 * 1024;

/** A seal's picture as a report shows it: its facts, and the image itself when a page can show it safely. */
export interface SealPictureView {
  type: string;
  widthMm: number;
  heightMm: number;
  bytes: number;
  /** 'image': dataUrl holds it; 'unsupported-type': not a PNG or a JPEG (GIF, SVG, OFD, BMP, or bytes that are not what the type says); 'too-large': past SEAL_PICTURE_MAX_BYTES. */
  shown: 'image' | 'unsupported-type' | 'too-large';
  /** data:image/png or data:image/jpeg, base64: its type from the bytes' own signature. */
  dataUrl?: string;
}

/**
 * An SESeal's picture for the verify page. Only a PNG or a JPEG is carried, and only when its
 * type says so and its bytes agree: an SVG is markup, and the page shows an image, never a
 * document's markup. Anything else is reported by its type, for the page to say so in words.
 */
export function sealPictureView(picture: SealPicture): SealPictureView {
  const facts = { type: picture.type, widthMm: picture.widthMm, heightMm: picture.heightMm, bytes: picture.data.length };
  const declared = picture.type.trim().toUpperCase();
  const type = imageTypeOf(picture.data);
  const agrees = (declared === 'PNG' && type === 'image/png') || ((declared === 'JPG' || declared === 'JPEG') && type === 'image/jpeg');
  if (!agrees || !type) return { ...facts, shown: 'unsupported-type' };
  if (picture.data.length > SEAL_PICTURE_MAX_BYTES) return { ...facts, shown: 'too-large' };
  return { ...facts, shown: 'image', dataUrl: `data:${type};base64,${picture.data.toString('base64')}` };
}
