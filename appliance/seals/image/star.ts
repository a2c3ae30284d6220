import { n } from './svg-text.js';

/** A regular five-pointed star, one point up, as a closed path (inner radius = outer × 0.382, the golden ratio star of the national flag). */
export function starPath(cx: number, cy: number, radius: number): string {
  const inner = radius * 0.382;
  const points: string[] = [];
  for (let i = 0; i < 10; i++) {
    const r = i % 2 === 0 ? radius : inner;
    const angle = (Math.PI / 5) * i - Math.PI / 2;
    points.push(`${n(cx + r * Math.cos(angle))},${n(cy + r * Math.sin(angle))}`);
  }
  return `M${points.join('L')}Z`;
}
