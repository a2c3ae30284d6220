import { createHash } from 'node:crypto';
import jsQRModule from 'jsqr';
import { describe, expect, it } from 'vitest';
import type { ModuleGrid } from '../../../appliance/pdf/index.js';
import { qrModules } from '../../../appliance/stamping/qr-image.js';

const jsQR = jsQRModule.default;

/** The grid as RGBA pixels, `scale` pixels a module, as a scanner would see it printed. */
function decode(grid: ModuleGrid, scale = 4): string | undefined {
  const side = grid.length * scale;
  const data = new Uint8ClampedArray(side * side * 4).fill(255);
  grid.forEach((row, y) =>
    row.forEach((dark, x) => {
      if (!dark) return;
      for (let dy = 0; dy < scale; dy++) for (let dx = 0; dx < scale; dx++) data.fill(0, ((y * scale + dy) * side + x * scale + dx) * 4, ((y * scale + dy) * side + x * scale + dx) * 4 + 3);
    }),
  );
  return jsQR(data, side, side)?.data;
}

describe('qrModules', () => {
  it('encodes verification URLs that a QR reader gives back unchanged, each square with a light quiet zone of two modules', () => {
    for (let i = 0; i < 24; i++) {
      const hash = createHash('sha256').update(String(i)).digest('hex');
      const url = `https://zwfw.example.gov.cn/verify?d=${hash}&e=0193a1b2-c3d4-7e5f-8a9b-${String(i).padStart(12, '0')}`;
      const grid = qrModules(url);
      expect(decode(grid)).toBe(url);
      expect(grid.every((row) => row.length === grid.length)).toBe(true);
      const edge = [grid[0]!, grid[1]!, grid.at(-1)!, grid.at(-2)!, ...grid.map((row) => [row[0], row[1], row.at(-1), row.at(-2)])];
      expect(edge.flat().some(Boolean)).toBe(false);
      // the finder pattern's dark corner starts right after the quiet zone
      expect(grid[2]![2]).toBe(true);
    }
  });

  it('carries CJK text in byte mode as UTF-8', () => {
    expect(decode(qrModules('证照码 杭州市西湖区 行政审批专用章'))).toBe('证照码 杭州市西湖区 行政审批专用章');
  });
});
