import { upperArcLength, type Baseline } from './arc-text.js';

export interface ArcFit {
  /** Font size in pixels. */
  size: number;
  squeeze: number;
  /** Distance between character centres along the baseline. */
  spacing: number;
}

/**
 * Fits a name on the upper arc the way seal engravers do: characters condensed and large, spread
 * evenly over a wide arc (never less than `minAngle`), smaller and narrower only when a long name
 * would otherwise pass `maxAngle`. `baselineFor(size)` gives the baseline for a font size, since
 * bigger characters sit further in.
 */
export function fitUpperArc(
  count: number,
  startSize: number,
  baselineFor: (size: number) => Baseline,
  angles: { min: number; max: number },
): ArcFit {
  let size = startSize;
  let squeeze = 0.82;
  for (;;) {
    const baseline = baselineFor(size);
    const advance = size * squeeze * 1.08;
    const maxLength = upperArcLength(baseline, (angles.max * Math.PI) / 360);
    const minLength = upperArcLength(baseline, (angles.min * Math.PI) / 360);
    const needed = advance * Math.max(count - 1, 1);
    if (needed <= maxLength || size < startSize * 0.4) {
      const spread = Math.min(maxLength, Math.max(needed * 1.1, minLength));
      return { size, squeeze, spacing: count > 1 ? spread / (count - 1) : 0 };
    }
    if (squeeze > 0.66) squeeze -= 0.04;
    else size *= 0.95;
  }
}
