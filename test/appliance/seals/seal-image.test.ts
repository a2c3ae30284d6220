import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { importSealPng } from '../../../appliance/seals/image/import-png.js';
import { renderSealPng } from '../../../appliance/seals/image/render.js';
import { isSealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';

const ORG = '杭州市西湖区行政审批服务管理局';
const SIZE = 400;
const U = SIZE / 2;

function decode(png: Buffer): PNG {
  return PNG.sync.read(png);
}

function pixel(img: PNG, x: number, y: number): { r: number; g: number; b: number; a: number } {
  const i = (Math.round(y) * img.width + Math.round(x)) * 4;
  return { r: img.data[i] as number, g: img.data[i + 1] as number, b: img.data[i + 2] as number, a: img.data[i + 3] as number };
}

function isRed(img: PNG, x: number, y: number): boolean {
  const p = pixel(img, x, y);
  return p.a > 160 && p.r > 150 && p.g < 90 && p.b < 90;
}

/** Red pixels in a ring band between two radii, over clock angles (0 = top, clockwise). */
function redInBand(img: PNG, r0: number, r1: number, fromDeg: number, toDeg: number): number {
  let count = 0;
  for (let r = r0; r <= r1; r += 1) {
    for (let d = fromDeg; d <= toDeg; d += 0.5) {
      const t = (d * Math.PI) / 180;
      if (isRed(img, U + r * Math.sin(t), U - r * Math.cos(t))) count++;
    }
  }
  return count;
}

function code(error: unknown): string | undefined {
  return isSealdeskError(error) ? error.code : undefined;
}

describe('round official seal image', () => {
  const png = renderSealPng({ shape: 'round', organisation: ORG, name: '行政审批专用章', code: '3301060012345', size: SIZE });
  const img = decode(png);

  it('is a PNG of the asked size with a transparent background', () => {
    expect([img.width, img.height]).toEqual([SIZE, SIZE]);
    for (const [x, y] of [[0, 0], [SIZE - 1, 0], [0, SIZE - 1], [SIZE - 1, SIZE - 1], [8, U]]) expect(pixel(img, x as number, y as number).a).toBe(0);
  });

  it('has an unbroken red ring all the way round', () => {
    const ringRadius = 0.95 * U - 0.029 * U;
    for (let d = 0; d < 360; d += 2) {
      const t = (d * Math.PI) / 180;
      expect(isRed(img, U + ringRadius * Math.sin(t), U - ringRadius * Math.cos(t)), `ring at ${d}°`).toBe(true);
    }
    // and nothing outside it
    expect(redInBand(img, 0.97 * U, 0.99 * U, 0, 359)).toBe(0);
  });

  it('has a five-pointed star at the centre: points inked, the gaps between them not', () => {
    const cy = U - 0.02 * U;
    expect(isRed(img, U, cy)).toBe(true);
    const tips = [0, 72, 144, 216, 288].map((d) => (d * Math.PI) / 180);
    for (const t of tips) expect(isRed(img, U + 0.28 * U * Math.sin(t), cy - 0.28 * U * Math.cos(t))).toBe(true);
    for (const t of tips.map((x) => x + Math.PI / 5)) expect(isRed(img, U + 0.28 * U * Math.sin(t), cy - 0.28 * U * Math.cos(t))).toBe(false);
  });

  it('carries the organisation name on the upper arc, the seal name below the star, the code on the lower arc', () => {
    expect(redInBand(img, 0.55 * U, 0.85 * U, -110, 110)).toBeGreaterThan(3000);
    let nameInk = 0;
    for (let y = U + 0.38 * U; y < U + 0.58 * U; y++) for (let x = U - 0.45 * U; x < U + 0.45 * U; x++) if (isRed(img, x, y)) nameInk++;
    expect(nameInk).toBeGreaterThan(800);
    expect(redInBand(img, 0.76 * U, 0.88 * U, 150, 210)).toBeGreaterThan(150);
  });

  it('leaves the lower arc empty when there is no seal code', () => {
    const plain = decode(renderSealPng({ shape: 'round', organisation: ORG, size: SIZE }));
    expect(redInBand(plain, 0.76 * U, 0.88 * U, 160, 200)).toBe(0);
  });

  it('renders the same bytes every time (a seal image is reproducible from its record)', () => {
    expect(renderSealPng({ shape: 'round', organisation: ORG, name: '行政审批专用章', code: '3301060012345', size: SIZE }).equals(png)).toBe(true);
  });

  it('refuses a seal code that is not 13 digits and a size out of range', () => {
    expect(code(catchOf(() => renderSealPng({ shape: 'round', organisation: ORG, code: '12345' })))).toBe('INPUT_INVALID');
    expect(code(catchOf(() => renderSealPng({ shape: 'round', organisation: ORG, size: 10_000 })))).toBe('INPUT_INVALID');
  });

  it('fails clearly when the CJK font is not installed', () => {
    const saved = process.env.SEALDESK_FONT_DIR;
    process.env.SEALDESK_FONT_DIR = '/nonexistent/fonts';
    try {
      const error = catchOf(() => renderSealPng({ shape: 'round', organisation: ORG }));
      expect(code(error)).toBe('FONT_MISSING');
      expect((error as Error).message).toContain('fonts-noto-cjk');
    } finally {
      if (saved === undefined) delete process.env.SEALDESK_FONT_DIR;
      else process.env.SEALDESK_FONT_DIR = saved;
    }
  });
});

describe('oval and square seals', () => {
  it('oval: 3:2, a red ellipse ring, text inside, transparent corners', () => {
    const img = decode(renderSealPng({ shape: 'oval', organisation: '浙江某某科技有限公司', name: '财务专用章', code: '3301060012345', size: 450 }));
    expect([img.width, img.height]).toEqual([450, 300]);
    expect(pixel(img, 0, 0).a).toBe(0);
    expect(isRed(img, 225, 300 * 0.025 + 4)).toBe(true); // top of the ring
    expect(isRed(img, 450 * 0.025 + 4, 150)).toBe(true); // left of the ring
    let ink = 0;
    for (let y = 40; y < 260; y++) for (let x = 40; x < 410; x++) if (isRed(img, x, y)) ink++;
    expect(ink).toBeGreaterThan(5000);
  });

  it('square: a red frame and four characters in the grid (张三丰印)', () => {
    const img = decode(renderSealPng({ shape: 'square', organisation: '张三丰', size: 240 }));
    expect(isRed(img, 120, 240 * 0.04 + 6)).toBe(true);
    expect(isRed(img, 240 * 0.04 + 6, 120)).toBe(true);
    for (const [x0, y0] of [[40, 40], [125, 40], [40, 125], [125, 125]] as const) {
      let ink = 0;
      for (let y = y0; y < y0 + 75; y++) for (let x = x0; x < x0 + 75; x++) if (isRed(img, x, y)) ink++;
      expect(ink, `cell at ${x0},${y0}`).toBeGreaterThan(300);
    }
  });
});

describe('importing a PNG', () => {
  it('accepts a transparent PNG and reports its size', () => {
    const png = renderSealPng({ shape: 'round', organisation: ORG, size: 200 });
    expect(importSealPng(png)).toMatchObject({ width: 200, height: 200 });
  });

  it('refuses a file that is not a PNG, an opaque PNG, a damaged one and one too large', () => {
    expect(code(catchOf(() => importSealPng(Buffer.from('\xff\xd8\xff\xe0 JFIF not a png at all, a jpeg header', 'latin1'))))).toBe('SEAL_IMAGE_INVALID');
    const opaque = new PNG({ width: 100, height: 100 });
    opaque.data.fill(255);
    expect((catchOf(() => importSealPng(PNG.sync.write(opaque))) as Error).message).toContain('no transparent background');
    const good = renderSealPng({ shape: 'round', organisation: ORG, size: 200 });
    const damaged = Buffer.concat([good.subarray(0, 60), Buffer.alloc(200, 7)]);
    expect((catchOf(() => importSealPng(damaged)) as Error).message).toContain('damaged');
    const huge = Buffer.from(good);
    huge.writeUInt32BE(20_000, 16);
    expect((catchOf(() => importSealPng(huge)) as Error).message).toContain('20000 pixels');
  });
});

function catchOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}
