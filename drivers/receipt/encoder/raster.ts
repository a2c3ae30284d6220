import { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import type { Bitmap } from './bitmap.js';

/** GS v 0 m: 0 normal, 1 double width, 2 double height, 3 quadruple. */
export type RasterScale = 0 | 1 | 2 | 3;

/** GS v 0 m xL xH yL yH d…: a raster bit image, x in bytes per row, y in rows. */
export function raster(bitmap: Bitmap, scale: RasterScale = 0): Uint8Array {
  const { bytesPerRow: x, height: y, data } = bitmap;
  if (x < 1 || x > 0xffff || y < 1 || y > 0xffff || data.length !== x * y) {
    throw new SealdeskError('INPUT_INVALID', { reason: `raster image of ${x} bytes × ${y} rows with ${data.length} data bytes`, reasonZh: `光栅图像为 ${x} 字节 × ${y} 行，但数据有 ${data.length} 字节` });
  }
  const out = new Uint8Array(8 + data.length);
  out.set([0x1d, 0x76, 0x30, scale, x & 0xff, x >> 8, y & 0xff, y >> 8]);
  out.set(data, 8);
  return out;
}
