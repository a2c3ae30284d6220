import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { toBitmap } from '../../../drivers/receipt/encoder/bitmap.js';
import { raster } from '../../../drivers/receipt/encoder/raster.js';
import { sealThumbnail } from './helpers/sample-receipt.js';

describe('raster image via GS v 0 from a 1-bit bitmap', () => {
  it('writes GS v 0 m xL xH yL yH then the rows (golden vector from protocols.md)', () => {
    const data = Uint8Array.of(0x80, 0x01, 0xff, 0x00, 0x18, 0x3c);
    expect(raster({ width: 16, height: 3, bytesPerRow: 2, data })).toEqual(
      Uint8Array.of(0x1d, 0x76, 0x30, 0x00, 0x02, 0x00, 0x03, 0x00, 0x80, 0x01, 0xff, 0x00, 0x18, 0x3c),
    );
    // 300 rows → yL 0x2C, yH 0x01
    const tall = raster({ width: 8, height: 300, bytesPerRow: 1, data: new Uint8Array(300) });
    expect([...tall.subarray(0, 8)]).toEqual([0x1d, 0x76, 0x30, 0x00, 0x01, 0x00, 0x2c, 0x01]);
  });

  it('thresholds greyscale: dark pixels are 1 bits, most significant bit leftmost, rows padded to a byte', () => {
    // 10×2 grey: row 0 black at x=0 and x=9, row 1 all black
    const grey = new Uint8Array(20).fill(255);
    grey[0] = 0;
    grey[9] = 40;
    grey.fill(0, 10, 20);
    const bitmap = toBitmap({ width: 10, height: 2, channels: 1, data: grey });
    expect(bitmap.bytesPerRow).toBe(2);
    expect([...bitmap.data]).toEqual([0x80, 0x40, 0xff, 0xc0]);
  });

  it('treats transparent RGBA pixels as paper and a red seal stroke as ink at the default threshold', () => {
    // seal red (200, 20, 30) opaque, black transparent, white opaque, black opaque
    const rgba = Uint8Array.of(200, 20, 30, 255, 0, 0, 0, 0, 255, 255, 255, 255, 0, 0, 0, 255);
    expect([...toBitmap({ width: 4, height: 1, channels: 4, data: rgba }).data]).toEqual([0b1001_0000]);
    // a high threshold takes lighter pixels as ink too
    const light = Uint8Array.of(180, 180, 180, 255);
    expect([...toBitmap({ width: 1, height: 1, channels: 4, data: light }, 200).data]).toEqual([0x80]);
    expect([...toBitmap({ width: 1, height: 1, channels: 4, data: light }).data]).toEqual([0x00]);
  });

  it('turns a seal PNG (decoded with pngjs) into a raster whose set bits are exactly the opaque red ring', async () => {
    const seal = sealThumbnail(48);
    const png = new PNG({ width: 48, height: 48 });
    png.data = Buffer.from(seal.data);
    const decoded = PNG.sync.read(PNG.sync.write(png));
    const bitmap = toBitmap({ width: decoded.width, height: decoded.height, channels: 4, data: decoded.data });
    const command = raster(bitmap);
    expect([...command.subarray(0, 8)]).toEqual([0x1d, 0x76, 0x30, 0x00, 6, 0, 48, 0]);
    for (let y = 0; y < 48; y++) {
      for (let x = 0; x < 48; x++) {
        const ink = seal.data[(y * 48 + x) * 4 + 3] === 255;
        const bit = (bitmap.data[y * 6 + (x >> 3)]! >> (7 - (x & 7))) & 1;
        expect(bit, `pixel ${x},${y}`).toBe(ink ? 1 : 0);
      }
    }
  });

  it('refuses a buffer whose size does not match the image', () => {
    expect(() => toBitmap({ width: 4, height: 4, channels: 3, data: new Uint8Array(47) })).toThrow(
      expect.objectContaining({ code: 'INPUT_INVALID' }),
    );
    expect(() => raster({ width: 8, height: 2, bytesPerRow: 1, data: new Uint8Array(3) })).toThrow(
      expect.objectContaining({ code: 'INPUT_INVALID' }),
    );
  });
});
