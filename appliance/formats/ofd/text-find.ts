import { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import type { DocumentBudget } from '../../documents/index.js';
import { MM_TO_PT, pageBox, parseBox, readXml, type OfdStructure } from './ofd-package.js';
import { attribute, child, children, text, type XmlNode } from './safe-xml.js';
import type { ZipArchive } from './zip-archive.js';

/** DeltaX as OFD writes it: numbers, where `g N d` stands for N times d. */
export function deltas(value: string | undefined): number[] {
  const tokens = (value ?? '').trim().split(/\s+/).filter(Boolean);
  const out: number[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i] === 'g') {
      const count = Math.min(Number(tokens[i + 1]), 100_000);
      const delta = Number(tokens[i + 2]);
      for (let k = 0; k < count; k++) out.push(delta);
      i += 2;
    } else out.push(Number(tokens[i]));
  }
  return out;
}

/** One TextCode's characters with their x (mm, page coordinates) and its baseline. */
interface PlacedRun {
  chars: string[];
  xs: number[];
  advanceEnd: number;
  baseline: number;
  size: number;
}

function runsOf(layerHolder: XmlNode | undefined): PlacedRun[] {
  const runs: PlacedRun[] = [];
  for (const layer of children(child(layerHolder, 'Content'), 'Layer')) {
    for (const object of children(layer, 'TextObject')) {
      const [bx, by] = parseBox(attribute(object, 'Boundary'), 'a TextObject Boundary', true);
      const size = Number(attribute(object, 'Size') ?? '3.5');
      let x = 0;
      let y = 0;
      for (const code of children(object, 'TextCode')) {
        x = Number(attribute(code, 'X') ?? x);
        y = Number(attribute(code, 'Y') ?? y);
        const chars = [...(text(code) ?? '')];
        const dx = deltas(attribute(code, 'DeltaX'));
        const xs: number[] = [];
        let at = bx + x;
        for (let i = 0; i < chars.length; i++) {
          xs.push(at);
          at += dx[i] ?? dx[dx.length - 1] ?? size;
        }
        runs.push({ chars, xs, advanceEnd: at, baseline: by + y, size });
      }
    }
  }
  return runs;
}

/**
 * Where `needle` first occurs on the pages (of `only`, default all), in PDF points from the page's
 * bottom left, as the seam's TextFinder gives it. Reads TextCode runs of the page's content layers
 * (X, Y, DeltaX inside the TextObject's Boundary): enough for the keyword documents seals go on;
 * transforms (CTM) and text split across TextObjects are not followed. ANCHOR_TEXT_NOT_FOUND otherwise.
 */
export function findTextInPages(archive: ZipArchive, structure: OfdStructure, needle: string, budget: DocumentBudget, only?: readonly number[]): { page: number; rect: readonly [number, number, number, number] } {
  const wanted = [...needle];
  for (const page of structure.pages) {
    if (only && !only.includes(page.number)) continue;
    const content = child(readXml(archive, page.file, budget), 'Page');
    for (const run of runsOf(content)) {
      const at = run.chars.join('').indexOf(needle);
      if (at < 0) continue;
      const first = [...run.chars.join('').slice(0, at)].length;
      const last = first + wanted.length - 1;
      const left = run.xs[first]!;
      const right = last + 1 < run.xs.length ? run.xs[last + 1]! : run.advanceEnd;
      const top = run.baseline - run.size;
      const bottom = run.baseline;
      const height = pageBox(archive, structure, page, budget)[3];
      return { page: page.number, rect: [left * MM_TO_PT, (height - bottom) * MM_TO_PT, right * MM_TO_PT, (height - top) * MM_TO_PT] };
    }
  }
  throw new SealdeskError('ANCHOR_TEXT_NOT_FOUND', { text: needle });
}
