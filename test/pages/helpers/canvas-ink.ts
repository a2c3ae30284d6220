import type { Locator } from 'playwright-core';

/** What of a canvas element the count needs (this project is compiled without the DOM lib). */
interface CanvasLike {
  width: number;
  height: number;
  getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } } | null;
}

/**
 * How many pixels of a canvas are drawn dark (text, lines): a page pdf.js rendered has some, a
 * blank or unrendered canvas none.
 */
export function canvasInk(canvas: Locator): Promise<number> {
  return canvas.evaluate((element) => {
    const c = element as unknown as CanvasLike;
    const data = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data;
    let dark = 0;
    for (let i = 0; data && i < data.length; i += 4) if (data[i]! + data[i + 1]! + data[i + 2]! < 300 && data[i + 3]! > 0) dark++;
    return dark;
  });
}
