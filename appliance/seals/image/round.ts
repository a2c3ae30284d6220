import { arcText, type Baseline } from './arc-text.js';
import { SEAL_FONTS } from './fonts.js';
import { fitUpperArc } from './layout-arc.js';
import type { SealImageSpec } from './spec.js';
import { starPath } from './star.js';
import { svgDocument } from './svg-document.js';
import { n } from './svg-text.js';
import { straightText } from './straight-text.js';

/**
 * The round official seal (GA 241 proportions for a 42 mm seal, scaled to `size`): ring 1.2 mm,
 * star 14 mm across at the centre, organisation name on the upper arc, seal name straight below
 * the star, 13-digit code on the lower arc.
 */
export function roundSealSvg(spec: SealImageSpec, size: number, color: string): string {
  const u = size / 2;
  const c = u;
  const ringWidth = 0.058 * u;
  const ringRadius = 0.95 * u - ringWidth / 2;
  const inner = ringRadius - ringWidth / 2;
  const hasCode = Boolean(spec.code);
  const hasName = Boolean(spec.name);

  // CJK glyphs rise about 0.88 em above the baseline: keep a small gap to the ring
  const baselineFor = (fontSize: number): Baseline => {
    const r = inner - 0.05 * u - 0.88 * fontSize;
    return { cx: c, cy: c, rx: r, ry: r };
  };
  const org = [...spec.organisation];
  const fit = fitUpperArc(org.length, 0.27 * u, baselineFor, { min: 150, max: hasName ? 235 : 250 });
  const parts = [
    `<circle cx="${n(c)}" cy="${n(c)}" r="${n(ringRadius)}" fill="none" stroke="${color}" stroke-width="${n(ringWidth)}"/>`,
    `<path d="${starPath(c, c - 0.02 * u, 0.34 * u)}" fill="${color}"/>`,
    arcText(baselineFor(fit.size), {
      text: spec.organisation,
      side: 'upper',
      spacing: fit.spacing,
      style: { family: SEAL_FONTS.serif.family, size: fit.size, squeeze: fit.squeeze, color },
    }),
  ];
  if (hasName) {
    parts.push(
      straightText(spec.name as string, { x: c, y: c + (hasCode ? 0.56 : 0.6) * u }, 1.1 * u, {
        family: SEAL_FONTS.serif.family,
        size: 0.2 * u,
        squeeze: 0.85,
        color,
      }),
    );
  }
  if (hasCode) {
    const fontSize = 0.11 * u;
    const r = inner - 0.04 * u;
    parts.push(
      arcText({ cx: c, cy: c, rx: r, ry: r }, {
        text: spec.code as string,
        side: 'lower',
        spacing: fontSize * 0.62,
        style: { family: SEAL_FONTS.sans.family, size: fontSize, squeeze: 0.9, color },
      }),
    );
  }
  return svgDocument(size, size, parts);
}
