import { createHash } from 'node:crypto';
import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { qrPng } from '../../../appliance/stamping/qr-image.js';

const jsQR = jsQRModule.default;

function decode(png: Buffer): string | undefined {
  const image = PNG.sync.read(png);
  return jsQR(new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length), image.width, image.height)?.data;
}

describe('qrPng', () => {
  it('encodes verification URLs that a QR reader gives back unchanged, each a greyscale PNG with a quiet zone', () => {
    for (let i = 0; i < 24; i++) {
      const hash = createHash('sha256').update(String(i)).digest('hex');
      const url = `https://zwfw.example.gov.cn/verify?d=${hash}&e=0193a1b2-c3d4-7e5f-8a9b-${String(i).padStart(12, '0')}`;
      const png = qrPng(url);
      expect(decode(png)).toBe(url);
      const image = PNG.sync.read(png);
      expect(image.width).toBe(image.height);
      // the quiet zone: the first pixel rows are white
      expect([...image.data.subarray(0, image.width * 4 * 4)].every((v) => v === 255)).toBe(true);
    }
  });

  it('carries CJK text in byte mode as UTF-8', () => {
    expect(decode(qrPng('证照码 杭州市西湖区 行政审批专用章'))).toBe('证照码 杭州市西湖区 行政审批专用章');
  });
});
