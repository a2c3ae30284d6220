/**
 * The attacks of issue 19, each against the PDF layer as stamping and verification call it:
 * every one ends in a typed refusal naming what was passed (DOCUMENT_TOO_COMPLEX with its limit,
 * or PDF_MALFORMED where the file is plainly wrong), or — where the attack is on a part a stamp
 * never reads — in a normal stamp. None may crash the process or take its heap.
 */
import { existsSync } from 'node:fs';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { documentLimits } from '../../../appliance/documents/index.js';
import { listSignatures, openPdf, page, pageCount, type PdfDocument, type SignatureRequest } from '../../../appliance/pdf/index.js';
import { crossPageSlices } from '../../../appliance/pdf/cross-page.js';
import type { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import { failure } from '../../helpers/failure.js';
import { tempDir } from '../../helpers/temp-dir.js';
import {
  contentStreamBomb,
  deepNesting,
  longPrevChain,
  lyingCount,
  objectStreamBomb,
  pageTreeLoop,
  prevLoop,
  sharedKids,
  sharedSignatureValue,
  xrefStreamBomb,
} from './bombs.js';
import { redSealPng } from './make-pdf.js';
import { FAKE_CMS, stamp } from './stamp.js';

let dir: string;
beforeAll(async () => {
  dir = await tempDir('bombs');
});

async function file(name: string, bytes: Buffer): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, bytes);
  return path;
}

/** Opens `path` and runs `use`, closing the document after. */
async function withDoc<T>(path: string, use: (doc: PdfDocument) => Promise<T>, limits = documentLimits()): Promise<T> {
  const doc = await openPdf(path, undefined, { limits });
  try {
    return await use(doc);
  } finally {
    await doc.close();
  }
}

/** The error of `promise`, which must be a SealdeskError with `code` (and, for DOCUMENT_TOO_COMPLEX, `limit`). */
async function refusedWith(promise: Promise<unknown>, code: string, limit?: string): Promise<SealdeskError> {
  const error = (await failure(promise)) as SealdeskError;
  expect(error.code, error.message).toBe(code);
  if (limit) expect(error.details.limit).toBe(limit);
  return error;
}

/** Stamping `input` (with `request`) is refused with `code`, and nothing new is left in the folder. */
async function stampRefused(input: string, code: string, limit?: string, request?: SignatureRequest): Promise<void> {
  const before = new Set(await readdir(dir));
  const output = `${input}.stamped.pdf`;
  await refusedWith(stamp(input, output, request), code, limit);
  expect(existsSync(output)).toBe(false);
  expect((await readdir(dir)).filter((n) => !before.has(n))).toEqual([]);
}

describe('flate bombs', () => {
  it('in the xref stream: DOCUMENT_TOO_COMPLEX naming the per-stream limit, in both languages, at open and at stamp', async () => {
    const path = await file('xref-bomb.pdf', xrefStreamBomb());
    const error = await refusedWith(openPdf(path), 'DOCUMENT_TOO_COMPLEX', 'inflatedBytesPerStream');
    expect(error.status).toBe(422);
    expect(error.messageEn).toContain('decompressed size of one stream');
    expect(error.messageEn).toContain(String(64 * 1024 * 1024));
    expect(error.messageZh).toContain('单个数据流解压后的大小');
    await stampRefused(path, 'DOCUMENT_TOO_COMPLEX', 'inflatedBytesPerStream');
  });

  it('in an object stream: DOCUMENT_TOO_COMPLEX; with a larger per-stream limit the document limit stops it', async () => {
    const path = await file('objstm-bomb.pdf', objectStreamBomb());
    await refusedWith(openPdf(path), 'DOCUMENT_TOO_COMPLEX', 'inflatedBytesPerStream');
    await stampRefused(path, 'DOCUMENT_TOO_COMPLEX');
    const limits = documentLimits({ inflatedBytesPerStream: 1024 * 1024 * 1024, inflatedBytesFloor: 16 * 1024 * 1024 });
    await refusedWith(openPdf(path, undefined, { limits }), 'DOCUMENT_TOO_COMPLEX', 'inflatedBytes');
  });

  it('in a content stream: never inflated, so the page opens and stamps as any other', async () => {
    const path = await file('content-bomb.pdf', contentStreamBomb());
    expect(await withDoc(path, (doc) => pageCount(doc))).toBe(1);
    const prepared = await stamp(path, `${path}.stamped.pdf`);
    expect(prepared.byteRange[0]).toBe(0);
    expect(await withDoc(`${path}.stamped.pdf`, async (doc) => (await listSignatures(doc)).map((s) => s.contents))).toEqual([FAKE_CMS]);
  });
});

describe('page trees', () => {
  it('/Count 2147483647 over two real pages: two pages, and a cross-page seal of two slices', async () => {
    const path = await file('lying-count.pdf', lyingCount());
    await withDoc(path, async (doc) => {
      expect(await pageCount(doc)).toBe(2);
      await refusedWith(page(doc, 3), 'PAGE_OUT_OF_RANGE');
      const slices = await crossPageSlices(doc, { png: redSealPng(), width: 119, height: 119 });
      expect(slices.map((s) => s.page)).toEqual([1, 2]);
    });
    await stamp(path, `${path}.stamped.pdf`, { page: 1, crossPage: { png: redSealPng(), width: 119, height: 119 } });
    expect(await withDoc(`${path}.stamped.pdf`, (doc) => pageCount(doc))).toBe(2);
  });

  // A stamp walks the tree as far as its page: page 1 is the first kid whatever follows it, so
  // sharing is found from page 2 on, and by everything that needs every page (count, cross-page).
  it('4,000 kids that are one page object: PDF_MALFORMED (shared kids) from page 2 on, for the count and for a cross-page seal', async () => {
    const path = await file('shared-kids.pdf', sharedKids(4000));
    await withDoc(path, (doc) => refusedWith(pageCount(doc), 'PDF_MALFORMED'));
    await withDoc(path, (doc) => refusedWith(page(doc, 2), 'PDF_MALFORMED'));
    await stampRefused(path, 'PDF_MALFORMED', undefined, { page: 2 });
    await stampRefused(path, 'PDF_MALFORMED', undefined, { page: 1, crossPage: { png: redSealPng(), width: 119, height: 119 } });
  });

  it('a page tree that loops: PDF_MALFORMED', async () => {
    const path = await file('tree-loop.pdf', pageTreeLoop());
    await withDoc(path, (doc) => refusedWith(pageCount(doc), 'PDF_MALFORMED'));
    await stampRefused(path, 'PDF_MALFORMED');
  });

  it('more pages than the limit: DOCUMENT_TOO_COMPLEX naming pages', async () => {
    const path = await file('lying-count-small-limit.pdf', lyingCount());
    await withDoc(path, (doc) => refusedWith(pageCount(doc), 'DOCUMENT_TOO_COMPLEX', 'pages'), documentLimits({ pages: 1 }));
  });
});

describe('signature fields sharing one /V', () => {
  it('300 fields (and 10,000): DOCUMENT_TOO_COMPLEX naming signatureFields', async () => {
    for (const fields of [300, 10_000]) {
      const path = await file(`shared-v-${fields}.pdf`, sharedSignatureValue(fields));
      await withDoc(path, (doc) => refusedWith(listSignatures(doc), 'DOCUMENT_TOO_COMPLEX', 'signatureFields'));
    }
  });

  it('allowed more fields, the shared signature is decoded and listed once', async () => {
    const path = await file('shared-v-listed.pdf', sharedSignatureValue(300));
    const listed = await withDoc(path, (doc) => listSignatures(doc), documentLimits({ signatureFields: 1000 }));
    expect(listed.map((s) => s.fieldName)).toEqual(['s0']);
  });

  it('a /Contents past signatureBytes: DOCUMENT_TOO_COMPLEX', async () => {
    const path = await file('big-contents.pdf', sharedSignatureValue(1, 8 * 1024));
    await withDoc(path, (doc) => refusedWith(listSignatures(doc), 'DOCUMENT_TOO_COMPLEX', 'signatureBytes'), documentLimits({ signatureBytes: 4096 }));
  });
});

describe('nesting and cross-reference chains', () => {
  it('100,000 nested arrays or dictionaries: DOCUMENT_TOO_COMPLEX naming nestingDepth, no stack overflow', async () => {
    for (const kind of ['array', 'dict'] as const) {
      const path = await file(`deep-${kind}.pdf`, deepNesting(kind));
      await refusedWith(openPdf(path), 'DOCUMENT_TOO_COMPLEX', 'nestingDepth');
      await stampRefused(path, 'DOCUMENT_TOO_COMPLEX', 'nestingDepth');
    }
  });

  it('a /Prev loop: the chain is given up and the objects are read by the repair scan', async () => {
    const path = await file('prev-loop.pdf', prevLoop());
    expect(await withDoc(path, async (doc) => [doc.repaired, await pageCount(doc)])).toEqual([true, 1]);
    await stamp(path, `${path}.stamped.pdf`);
    expect(await withDoc(`${path}.stamped.pdf`, async (doc) => [doc.repaired, (await listSignatures(doc)).length])).toEqual([false, 1]);
  });

  it('a /Prev chain longer than the revisions limit: DOCUMENT_TOO_COMPLEX', async () => {
    const path = await file('long-chain.pdf', longPrevChain(50));
    expect(await withDoc(path, (doc) => pageCount(doc))).toBe(1);
    await refusedWith(openPdf(path, undefined, { limits: documentLimits({ revisions: 20 }) }), 'DOCUMENT_TOO_COMPLEX', 'revisions');
  });
});
