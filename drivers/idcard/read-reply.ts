import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';
import { TEXT_BLOCK_LENGTH } from './text-block.js';

export const PHOTO_LENGTH = 1024;

/** The data of a "read text + photo" reply, after the status words. */
export interface TextAndPhoto {
  text: Buffer;
  /**
   * The photo in WLT, the card's proprietary compressed format: decoding it needs the vendor's
   * licensed library (not open), so sealdesk keeps and passes on the 1,024 bytes untouched.
   */
  photo: Buffer;
}

/** Splits the data after SW: text length (2, BE), photo length (2, BE), text, photo. */
export function splitTextAndPhoto(data: Buffer, device: string): TextAndPhoto {
  if (data.length < 4) throw new SealdeskError('CARD_READ_FAILED', { device, field: 'lengths' });
  const textLength = data.readUInt16BE(0);
  const photoLength = data.readUInt16BE(2);
  if (textLength !== TEXT_BLOCK_LENGTH || photoLength !== PHOTO_LENGTH || data.length !== 4 + textLength + photoLength) {
    throw new SealdeskError('CARD_READ_FAILED', { device, field: 'lengths' });
  }
  return {
    text: Buffer.from(data.subarray(4, 4 + textLength)),
    photo: Buffer.from(data.subarray(4 + textLength)),
  };
}
