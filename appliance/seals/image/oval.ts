import { arcText, type Baseline } from './arc-text.js';
import { SEAL_FONTS } from './fonts.js';
import { fitUpperArc } from './layout-arc.js';
import type { SealImageSpec } from './spec.js';
import { straightText } from './straight-text.js';
import { svgDocument } from './svg-document.js';
import { n } from './svg-text.js';

/**
 * The oval seal (45 × 30 mm: finance, contract and invoice seals): double ring, organisation on
 * the upper arc, seal name across the middle, code along the bottom. `size` is the width.
 */
export function ovalSealSvg(spec: SealImageSpec, size: number, color: string): string {
  const width = size;
  const height = Math.round((size * 2) / 3);
  const cx = width / 2;
  const cy = height / 2;
  const ring = 0.022 * width;
  const rx = 0.475 * width - ring / 2;
  const ry = 0.475 * height - ring / 2;
  const innerGap = 0.03 * width;
  const baselineFor = (fontSize: number): Baseline => {
    const inset = ring / 2 + innerGap + 0.04 * width + 0.88 * fontSize;
    return { cx, cy, rx: rx - inset, ry: ry - inset };
  };
  const fit = fitUpperArc([...spec.organisation].length, 0.095 * width, baselineFor, { min: 140, max: 215 });
  const parts = [
    `<ellipse cx="${n(cx)}" cy="${n(cy)}" rx="${n(rx)}" ry="${n(ry)}" fill="none" stroke="${color}" stroke-width="${n(ring)}"/>`,
    `<ellipse cx="${n(cx)}" cy="${n(cy)}" rx="${n(rx - innerGap)}" ry="${n(ry - innerGap)}" fill="none" stroke="${color}" stroke-width="${n(ring * 0.35)}"/>`,
    arcText(baselineFor(fit.size), {
      text: spec.organisation,
      side: 'upper',
      spacing: fit.spacing,
      style: { family: SEAL_FONTS.serif.family, size: fit.size, squeeze: fit.squeeze, color },
    }),
  ];
  if (spec.name) {
    parts.push(
      straightText(spec.name, { x: cx, y: cy + 0.1 * height }, 0.5 * width, { family: SEAL_FONTS.serif.family, size: 0.085 * width, squeeze: 0.85, color }),
    );
  }
  if (spec.code) {
    const fontSize = 0.05 * width;
    const inset = ring / 2 + innerGap + 0.02 * width;
    parts.push(
      arcText({ cx, cy, rx: rx - inset, ry: ry - inset }, {
        text: spec.code,
        side: 'lower',
        spacing: fontSize * 0.62,
        style: { family: SEAL_FONTS.sans.family, size: fontSize, squeeze: 0.9, color },
      }),
    );
  }
  return svgDocument(width, height, parts);
}
