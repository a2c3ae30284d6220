import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';
import type { Box } from './page.js';

export interface TextHit {
  /** 1-based page number. */
  readonly page: number;
  /** Bounding box of the matched text in the page's default user space (PDF points). */
  readonly rect: Box;
}

interface TextItem {
  str: string;
  transform: number[];
  width: number;
  height: number;
}

const require = createRequire(import.meta.url);
const pdfjsRoot = dirname(require.resolve('pdfjs-dist/package.json'));

/**
 * Finds `text` for `--at-text`: the first page (of `pages`, default all) where it occurs, and
 * where. Text extraction needs fonts, encodings and CMaps decoded the way a viewer does, so it is
 * pdf.js's getTextContent (legacy build: the one meant for Node), not our own parser. pdf.js reads
 * the file by ranges from its path, one page at a time. ANCHOR_TEXT_NOT_FOUND when absent.
 */
export async function findText(path: string, text: string, pages?: readonly number[]): Promise<TextHit> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const task = pdfjs.getDocument({
    url: path,
    // Adobe's predefined CMaps (UniGB-UCS2-H, …) are what CJK documents without embedded fonts use.
    cMapUrl: join(pdfjsRoot, 'cmaps') + '/', // in Node pdf.js reads these with fs: a path, not a file: URL
    cMapPacked: true,
    standardFontDataUrl: join(pdfjsRoot, 'standard_fonts') + '/',
    isEvalSupported: false,
    disableFontFace: true,
    verbosity: 0,
  });
  try {
    const doc = await task.promise;
    const wanted = normalise(text);
    for (const n of pages ?? Array.from({ length: doc.numPages }, (_, i) => i + 1)) {
      if (n < 1 || n > doc.numPages) continue;
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      const items: TextItem[] = content.items.flatMap((i) => ('str' in i ? [{ str: i.str, transform: i.transform as number[], width: i.width, height: i.height }] : []));
      const hit = locate(items, wanted);
      page.cleanup();
      if (hit) return { page: n, rect: hit };
    }
  } finally {
    await task.destroy();
  }
  throw new SealdeskError('ANCHOR_TEXT_NOT_FOUND', { text });
}

function normalise(s: string): string {
  return s.normalize('NFKC').replace(/\s+/g, '');
}

/** Finds the text across item boundaries (producers split runs anywhere) and boxes the items it spans. */
function locate(items: TextItem[], wanted: string): Box | undefined {
  let joined = '';
  const owner: number[] = [];
  items.forEach((item, index) => {
    for (const ch of normalise(item.str)) {
      joined += ch;
      for (let k = 0; k < ch.length; k++) owner.push(index);
    }
  });
  const at = joined.indexOf(wanted);
  if (at < 0 || wanted.length === 0) return undefined;
  const spanned = items.slice(owner[at], owner[at + wanted.length - 1]! + 1);
  const boxes = spanned.map((item) => {
    const [, , , d = 0, e = 0, f = 0] = item.transform;
    const height = item.height || Math.abs(d);
    return [e, f, e + item.width, f + height] as const;
  });
  return [Math.min(...boxes.map((b) => b[0])), Math.min(...boxes.map((b) => b[1])), Math.max(...boxes.map((b) => b[2])), Math.max(...boxes.map((b) => b[3]))];
}
