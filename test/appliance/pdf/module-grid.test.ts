import { describe, expect, it } from 'vitest';
import { moduleGridOperators, type ModuleGrid } from '../../../appliance/pdf/module-grid.js';
import { qrModules } from '../../../appliance/stamping/qr-image.js';

/** The dark modules the content stream fills, read back from its `x y w 1 re` operators. */
function filled(operators: string, side: number): boolean[][] {
  const lines = operators.trimEnd().split('\n');
  expect(lines[0]).toBe(`1 g 0 0 ${side} ${side} re f 0 g`);
  expect(lines.at(-1)).toBe('f');
  const grid = Array.from({ length: side }, () => Array<boolean>(side).fill(false));
  for (const line of lines.slice(1, -1)) {
    const match = /^(\d+) (\d+) (\d+) 1 re$/.exec(line);
    expect(match, line).not.toBeNull();
    const [x, y, w] = match!.slice(1).map(Number) as [number, number, number];
    for (let i = x; i < x + w; i++) grid[side - 1 - y]![i] = true;
  }
  return grid;
}

describe('a module grid as PDF vectors', () => {
  it('fills exactly the dark modules, one run a rectangle, for codes of every size up to 181 modules', () => {
    const grids: ModuleGrid[] = [
      qrModules('https://zwfw.example.gov.cn/verify?d=1'),
      qrModules('证照码 '.repeat(150)), // version 20-odd: coordinates past 100
      Array.from({ length: 181 }, (_, y) => Array.from({ length: 181 }, (_, x) => (x * 7 + y * 3) % 5 < 2 || x === 180)),
      [[true]],
    ];
    for (const grid of grids) {
      const side = grid.length;
      expect(filled(moduleGridOperators(grid).toString('latin1'), side)).toEqual(grid.map((row) => [...row]));
    }
  });
});
