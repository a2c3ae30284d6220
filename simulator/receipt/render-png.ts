import { Resvg } from '@resvg/resvg-js';
import { PNG } from 'pngjs';
import { qrMatrix } from './qr-matrix.js';
import { textPaths } from './text-paths.js';
import type { Align, Receipt } from './receipt.js';

/** Where an element landed on the picture, in pixels (one pixel = one printer dot). */
export interface Placement {
  element: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface RenderOptions {
  /** Printable width in dots: 576 for 80 mm paper, 384 for 58 mm (203 dpi). */
  widthDots?: number;
}

/** White border so the QR code has light space around it whatever its alignment. */
const MARGIN = 16;
/** 24-dot characters, 30-dot line pitch: the ESC/POS defaults at 203 dpi. */
const CHAR = 24;
const LINE = 30;
/** Light modules kept around a QR symbol, as the QR standard asks (4). */
const QUIET = 4;

function left(align: Align, width: number, paper: number): number {
  if (align === 'centre') return MARGIN + Math.floor((paper - width) / 2);
  if (align === 'right') return MARGIN + paper - width;
  return MARGIN;
}

type Blit = (pixels: Buffer, imageWidth: number) => void;

function setDark(pixels: Buffer, imageWidth: number, x: number, y: number): void {
  const i = (y * imageWidth + x) * 4;
  pixels[i] = 0;
  pixels[i + 1] = 0;
  pixels[i + 2] = 0;
  pixels[i + 3] = 255;
}

/**
 * Renders a cut receipt to a PNG as thermal paper would show it. Text becomes Noto CJK outlines
 * (text-paths.ts) that resvg fills, with no font of its own; the QR code and raster images are written dot by dot into the pixels
 * afterwards, so they are bit-exact (no anti-aliasing, no resampling).
 */
export function renderReceipt(receipt: Receipt, options: RenderOptions = {}): { png: Buffer; layout: Placement[] } {
  const paper = options.widthDots ?? 576;
  const svgText: string[] = [];
  const blits: Blit[] = [];
  const layout: Placement[] = [];
  let y = MARGIN;

  receipt.elements.forEach((element, index) => {
    switch (element.kind) {
      case 'text': {
        const height = LINE * element.height;
        if (element.text !== '') {
          const anchor = element.align === 'centre' ? 'middle' : element.align === 'right' ? 'end' : 'start';
          const x = element.align === 'centre' ? MARGIN + paper / 2 : element.align === 'right' ? MARGIN + paper : MARGIN;
          const baseline = y + Math.round(CHAR * 0.88 * element.height);
          svgText.push(
            textPaths({ text: element.text, bold: element.bold, anchor, x, baseline, size: CHAR, scaleX: element.width, scaleY: element.height }),
          );
        }
        layout.push({ element: index, x: MARGIN, y, width: paper, height });
        y += height;
        return;
      }
      case 'feed':
        layout.push({ element: index, x: MARGIN, y, width: paper, height: LINE * element.lines });
        y += LINE * element.lines;
        return;
      case 'qr': {
        const matrix = qrMatrix(element.data, element.level);
        const m = element.moduleSize;
        const side = (matrix.size + 2 * QUIET) * m;
        const x0 = left(element.align, side, paper) + QUIET * m;
        const y0 = y + QUIET * m;
        blits.push((pixels, w) => {
          for (let r = 0; r < matrix.size; r++)
            for (let c = 0; c < matrix.size; c++)
              if (matrix.dark(r, c))
                for (let dy = 0; dy < m; dy++) for (let dx = 0; dx < m; dx++) setDark(pixels, w, x0 + c * m + dx, y0 + r * m + dy);
        });
        layout.push({ element: index, x: x0, y: y0, width: matrix.size * m, height: matrix.size * m });
        y += side;
        return;
      }
      case 'raster': {
        const { widthBytes, rows, data, scaleX, scaleY } = element;
        const width = widthBytes * 8 * scaleX;
        const x0 = left(element.align, Math.min(width, paper), paper);
        const y0 = y;
        blits.push((pixels, w) => {
          for (let r = 0; r < rows; r++)
            for (let bit = 0; bit < widthBytes * 8; bit++) {
              if (((data[r * widthBytes + (bit >> 3)]! >> (7 - (bit & 7))) & 1) === 0) continue;
              for (let sy = 0; sy < scaleY; sy++)
                for (let sx = 0; sx < scaleX; sx++) {
                  const x = x0 + bit * scaleX + sx;
                  if (x < MARGIN + paper) setDark(pixels, w, x, y0 + r * scaleY + sy); // the head is only so wide
                }
            }
        });
        layout.push({ element: index, x: x0, y: y0, width, height: rows * scaleY });
        y += rows * scaleY;
        return;
      }
    }
  });

  const width = paper + 2 * MARGIN;
  const height = y + MARGIN;
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
    `${svgText.join('')}</svg>`;
  const rendered = new Resvg(svg, {
    background: 'white',
    font: { loadSystemFonts: false },
  }).render();
  const pixels = Buffer.from(rendered.pixels);
  for (const blit of blits) blit(pixels, width);
  const png = new PNG({ width, height });
  pixels.copy(png.data);
  return { png: PNG.sync.write(png), layout };
}
