import type { ModuleGrid } from '../../pdf/index.js';

const num = (n: number): string => String(Math.round(n * 1000) / 1000);

/** PathObject AbbreviatedData for rectangles (x, y, w, h in mm, inside the object's Boundary). */
export const ofdRectangles = (boxes: readonly (readonly [number, number, number, number])[]): string =>
  boxes.map(([x, y, w, h]) => `M ${num(x)} ${num(y)} L ${num(x + w)} ${num(y)} L ${num(x + w)} ${num(y + h)} L ${num(x)} ${num(y + h)} C`).join(' ');

/**
 * A QR code as two OFD PathObjects in a `side`-mm square at `boundary`: a white square, then the
 * dark runs of each row as rectangles of one path (as the PDF stamp draws its QR: no seams between
 * modules). Used by the stamp's QR annotation and by the kiosk certificate's page alike.
 */
export function qrPathObjects(grid: ModuleGrid, side: number, boundary: readonly [number, number], ids: readonly [number, number]): string {
  const unit = side / grid.length;
  const runs: [number, number, number, number][] = [];
  grid.forEach((row, r) => {
    for (let x = 0; x < row.length; ) {
      if (!row[x]) {
        x++;
        continue;
      }
      const from = x;
      while (x < row.length && row[x]) x++;
      runs.push([from * unit, r * unit, (x - from) * unit, unit]);
    }
  });
  const box = `${num(boundary[0])} ${num(boundary[1])} ${num(side)} ${num(side)}`;
  return (
    `<ofd:PathObject ID="${ids[0]}" Boundary="${box}" Stroke="false" Fill="true"><ofd:FillColor Value="255 255 255"/><ofd:AbbreviatedData>${ofdRectangles([[0, 0, side, side]])}</ofd:AbbreviatedData></ofd:PathObject>` +
    `<ofd:PathObject ID="${ids[1]}" Boundary="${box}" Stroke="false" Fill="true"><ofd:FillColor Value="0 0 0"/><ofd:AbbreviatedData>${ofdRectangles(runs)}</ofd:AbbreviatedData></ofd:PathObject>`
  );
}
