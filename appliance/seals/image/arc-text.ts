import { glyph, n, type GlyphStyle } from './svg-text.js';

/** An ellipse the text baseline follows (a circle when rx = ry). */
export interface Baseline {
  cx: number;
  cy: number;
  rx: number;
  ry: number;
}

export interface ArcText {
  text: string;
  style: GlyphStyle;
  /** Distance between character centres along the baseline, in pixels. */
  spacing: number;
  /** Upper arc reads clockwise, tops outward; lower arc reads left to right, tops inward. */
  side: 'upper' | 'lower';
}

// t is the clock angle from 12 o'clock, clockwise: x = cx + rx·sin t, y = cy − ry·cos t.
function point(b: Baseline, t: number): { x: number; y: number } {
  return { x: b.cx + b.rx * Math.sin(t), y: b.cy - b.ry * Math.cos(t) };
}

/** Parameter t at each signed arc length from `from`: characters on an ellipse sit at equal distances, not equal angles. */
function parametersAt(b: Baseline, from: number, offsets: number[]): number[] {
  const steps = 2048;
  const dt = Math.PI / steps;
  return offsets.map((offset) => {
    const direction = Math.sign(offset);
    let t = from;
    let walked = 0;
    for (let i = 0; i < steps * 2 && walked < Math.abs(offset); i++) {
      const next = t + direction * dt;
      const p = point(b, t);
      const q = point(b, next);
      walked += Math.hypot(q.x - p.x, q.y - p.y);
      t = next;
    }
    return t;
  });
}

/** Outward normal direction at t, as a rotation in degrees of a glyph whose top points up. */
function normalDegrees(b: Baseline, t: number): number {
  return (Math.atan2(b.ry * Math.sin(t), b.rx * Math.cos(t)) * 180) / Math.PI;
}

/** Every character of the text rotated to the arc, centred on the top (upper) or bottom (lower) of the ellipse. */
export function arcText(b: Baseline, arc: ArcText): string {
  const chars = [...arc.text];
  const middle = (chars.length - 1) / 2;
  const sign = arc.side === 'upper' ? 1 : -1;
  const ts = parametersAt(b, arc.side === 'upper' ? 0 : Math.PI, chars.map((_, i) => sign * (i - middle) * arc.spacing));
  return chars
    .map((char, i) => {
      const t = ts[i] as number;
      const { x, y } = point(b, t);
      const rotation = normalDegrees(b, t) + (arc.side === 'upper' ? 0 : 180);
      // turned by 180° on the lower arc, the baseline is on the outside and the glyph grows inward
      return glyph(char, `translate(${n(x)} ${n(y)}) rotate(${n(rotation)})`, arc.style);
    })
    .join('');
}

/** Arc length of the baseline between clock angles −half and +half around the top. */
export function upperArcLength(b: Baseline, halfAngle: number): number {
  const steps = 512;
  let length = 0;
  for (let i = 0; i < steps; i++) {
    const p = point(b, -halfAngle + (2 * halfAngle * i) / steps);
    const q = point(b, -halfAngle + (2 * halfAngle * (i + 1)) / steps);
    length += Math.hypot(q.x - p.x, q.y - p.y);
  }
  return length;
}
