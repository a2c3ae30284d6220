/**
 * What the verify page gets of an SESeal's picture: a PNG or a JPEG as a data URL of its own type;
 * a GIF, an SVG (markup), a picture whose bytes are not what its type says, or one past the size
 * bound only by its facts and the reason, never its bytes.
 */
import { describe, expect, it } from 'vitest';
import { decodeSeal } from '../../../../appliance/eseals/index.js';
import { SEAL_PICTURE_MAX_BYTES, sealPictureView } from '../../../../appliance/formats/ofd/seal-picture.js';
import { readInterop } from '../../../helpers/interop.js';

const PNG_HEAD = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
const picture = (type: string, data: Buffer) => ({ type, data, widthMm: 40, heightMm: 40 });

describe('sealPictureView', () => {
  it('a PNG seal picture (ofdrw’s UserV4.esl) is carried as a PNG data URL of the same bytes', async () => {
    const seal = decodeSeal(await readInterop('ofdrw/UserV4.esl'));
    const view = sealPictureView(seal.picture);
    expect(view).toMatchObject({ shown: 'image', bytes: seal.picture.data.length });
    expect(view.dataUrl!.startsWith(`data:image/${seal.picture.type.toLowerCase() === 'png' ? 'png' : 'jpeg'};base64,`)).toBe(true);
    expect(Buffer.from(view.dataUrl!.split(',')[1]!, 'base64').equals(seal.picture.data)).toBe(true);
  });

  it('a JPEG is carried as image/jpeg', () => {
    expect(sealPictureView(picture('jpg', Buffer.from('ffd8ffe000104a464946', 'hex'))).dataUrl).toBe('data:image/jpeg;base64,/9j/4AAQSkZJRg==');
  });

  it('GIF, SVG and a type the bytes contradict: unsupported-type, no data', () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>');
    for (const [type, data] of [
      ['GIF', Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1')],
      ['SVG', svg],
      ['PNG', svg],
      ['JPG', PNG_HEAD],
      ['OFD', PNG_HEAD],
    ] as const) {
      const view = sealPictureView(picture(type, data));
      expect(view, type).toEqual({ type, widthMm: 40, heightMm: 40, bytes: data.length, shown: 'unsupported-type' });
    }
  });

  it('past the size bound: too-large, no data', () => {
    const big = Buffer.concat([PNG_HEAD, Buffer.alloc(SEAL_PICTURE_MAX_BYTES)]);
    expect(sealPictureView(picture('PNG', big))).toEqual({ type: 'PNG', widthMm: 40, heightMm: 40, bytes: big.length, shown: 'too-large' });
  });
});
