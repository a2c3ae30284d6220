/**
 * The bombs of issue 19 as a clerk meets them: `stampPdf` (position and cross-page) and
 * `verifyPdf` answer DOCUMENT_TOO_COMPLEX naming the limit, or PDF_MALFORMED, and leave no
 * output and no temp file; config.json `documents.limits` is what they are held to. A lying
 * /Count is stamped across the pages the tree really holds, and that stamp verifies.
 */
import { existsSync } from 'node:fs';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { stampPdf, type StampRequest } from '../../../appliance/stamping/index.js';
import { verifyPdf } from '../../../appliance/verification/index.js';
import type { Seal } from '../../../appliance/seals/seal.js';
import { failure } from '../../helpers/failure.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { deepNesting, lyingCount, objectStreamBomb, sharedKids, sharedSignatureValue, xrefStreamBomb } from '../pdf/bombs.js';
import { openSealFixture, type SealFixture } from './helpers/seal-fixture.js';

let f: SealFixture;
let dir: string;
let seal: Seal;

beforeAll(async () => {
  f = await openSealFixture();
  dir = await tempDir('stamp-bombs');
  seal = await f.seal('行政审批专用章');
  await f.token.logout();
}, 60_000);

async function file(name: string, bytes: Buffer): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, bytes);
  return path;
}

function request(input: string, extra: Partial<StampRequest> = {}): StampRequest {
  return { input, output: join(dir, `out-${Math.random().toString(16).slice(2)}.pdf`), sealId: seal.id, placement: { kind: 'position', page: 1, x: 100, y: 100 }, ...extra };
}

/** Stamps (position, then cross-page) and verifies; each is refused with `code` (and `limit`), and the folder gains nothing. */
async function refusedEverywhere(input: string, code: string, limit?: string): Promise<void> {
  const before = new Set(await readdir(dir));
  for (const req of [request(input), request(input, { crossPage: {} })]) {
    const error = await failure(stampPdf(f.context, req));
    expect(error.code, error.message).toBe(code);
    if (limit) expect(error.details.limit).toBe(limit);
    expect(existsSync(req.output)).toBe(false);
  }
  const error = await failure(verifyPdf(input, { home: f.fx.home }));
  expect(error.code, error.message).toBe(code);
  expect((await readdir(dir)).filter((n) => !before.has(n))).toEqual([]);
}

describe('stamping and verifying a bomb', () => {
  it('an xref-stream flate bomb: DOCUMENT_TOO_COMPLEX (inflatedBytesPerStream)', async () => {
    await refusedEverywhere(await file('xref-bomb.pdf', xrefStreamBomb()), 'DOCUMENT_TOO_COMPLEX', 'inflatedBytesPerStream');
  });

  it('an object-stream flate bomb: DOCUMENT_TOO_COMPLEX (inflatedBytesPerStream)', async () => {
    await refusedEverywhere(await file('objstm-bomb.pdf', objectStreamBomb()), 'DOCUMENT_TOO_COMPLEX', 'inflatedBytesPerStream');
  });

  it('100,000 nested arrays: DOCUMENT_TOO_COMPLEX (nestingDepth)', async () => {
    await refusedEverywhere(await file('deep.pdf', deepNesting('array')), 'DOCUMENT_TOO_COMPLEX', 'nestingDepth');
  });

  it('4,000 shared kids: PDF_MALFORMED for a seal on page 2 and for a cross-page seal', async () => {
    const input = await file('shared-kids.pdf', sharedKids());
    const before = new Set(await readdir(dir));
    for (const req of [request(input, { placement: { kind: 'position', page: 2, x: 100, y: 100 } }), request(input, { crossPage: {} })]) {
      expect((await failure(stampPdf(f.context, req))).code).toBe('PDF_MALFORMED');
    }
    expect((await readdir(dir)).filter((n) => !before.has(n))).toEqual([]);
  });

  it('10,000 signature fields sharing one /V: verification answers DOCUMENT_TOO_COMPLEX (signatureFields)', async () => {
    const error = await failure(verifyPdf(await file('fields.pdf', sharedSignatureValue(10_000)), { home: f.fx.home }));
    expect(error.code).toBe('DOCUMENT_TOO_COMPLEX');
    expect(error.details.limit).toBe('signatureFields');
  });

  it('/Count 2147483647 over two pages: the cross-page seal covers the two pages, and verifies', async () => {
    const req = request(await file('lying-count.pdf', lyingCount()), { crossPage: {} });
    await stampPdf(f.context, req);
    const report = await verifyPdf(req.output, { home: f.fx.home });
    expect(report.status).toBe('valid');
    expect(report.signatures).toHaveLength(1);
  });

  it('config.json documents.limits holds verification to its own limits', async () => {
    const home = await tempDir('stamp-bombs-home');
    await writeFile(join(home, 'config.json'), JSON.stringify({ documents: { limits: { signatureFields: 2 } } }));
    const error = await failure(verifyPdf(await file('three-fields.pdf', sharedSignatureValue(3)), { home }));
    expect(error.code).toBe('DOCUMENT_TOO_COMPLEX');
    expect(error.details).toMatchObject({ limit: 'signatureFields', maximum: 2 });
  });
});
