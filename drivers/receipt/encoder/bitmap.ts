import { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';

/** A 1-bit picture as the printer wants it: rows of bytes, most significant bit leftmost, 1 = black. */
export interface Bitmap {
  readonly width: number;
  readonly height: number;
  readonly bytesPerRow: number;
  readonly data: Uint8Array;
}

/** Decoded pixels, e.g. from pngjs (RGBA) or a greyscale buffer. */
export interface PixelImage {
  readonly width: number;
  readonly height: number;
  /** 1 grey, 3 RGB, 4 RGBA; row-major, no row padding. */
  readonly channels: 1 | 3 | 4;
  readonly data: Uint8Array;
}

/**
 * Thresholds an image to black and white: a pixel prints when its luminance (ITU-R BT.601)
 * is below `threshold`. Transparent pixels count as white paper, so a seal PNG with an alpha
 * background prints only its red strokes.
 */
export function toBitmap(image: PixelImage, threshold = 128): Bitmap {
  const { width, height, channels, data } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new SealdeskError('INPUT_INVALID', { reason: `image size ${width}×${height} is not printable`, reasonZh: `图像尺寸 ${width}×${height} 无法打印` });
  }
  if (data.length !== width * height * channels) {
    throw new SealdeskError('INPUT_INVALID', { reason: `image data is ${data.length} bytes, expected ${width * height * channels}`, reasonZh: `图像数据为 ${data.length} 字节，应为 ${width * height * channels} 字节` });
  }
  const bytesPerRow = Math.ceil(width / 8);
  const out = new Uint8Array(bytesPerRow * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * channels;
      let luma: number;
      if (channels === 1) {
        luma = data[i]!;
      } else {
        luma = 0.299 * data[i]! + 0.587 * data[i + 1]! + 0.114 * data[i + 2]!;
        if (channels === 4) {
          const alpha = data[i + 3]! / 255;
          luma = luma * alpha + 255 * (1 - alpha);
        }
      }
      if (luma < threshold) out[y * bytesPerRow + (x >> 3)]! |= 0x80 >> (x & 7);
    }
  }
  return { width, height, bytesPerRow, data: out };
}
