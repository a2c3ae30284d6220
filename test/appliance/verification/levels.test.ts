/** B-T, B-LT and B-LTA stamps with the simulator TSA (openssl ts) reach their level in the verify report, and pdfsig agrees. */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stampPdf } from '../../../appliance/stamping/index.js';
import { verifyPdf } from '../../../appliance/verification/index.js';
import type { Seal } from '../../../appliance/seals/seal.js';
import { startTsa, type Tsa } from '../../../simulator/tsa/tsa.js';
import { pdfLibDocument, qpdfCheck } from '../pdf/make-pdf.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { openSealFixture, type SealFixture } from '../stamping/helpers/seal-fixture.js';
import { nssWithRoot, pdfsig } from '../stamping/helpers/validators.js';

let f: SealFixture;
let tsa: Tsa;
let dir: string;
let seal: Seal;
let input: string;
let tsaRoot: string;
let nss: string;

beforeAll(async () => {
  [f, tsa, dir] = await Promise.all([openSealFixture(), startTsa(), tempDir('levels')]);
  seal = await f.seal('行政审批专用章');
  await f.crl();
  input = await pdfLibDocument(dir, 'in.pdf', 1);
  tsaRoot = join(dir, 'tsa-root.pem');
  await writeFile(tsaRoot, tsa.caCertPem);
  nss = await nssWithRoot(dir, f.rootPem);
}, 60_000);
afterAll(() => tsa?.close());

describe('PAdES levels', () => {
  it.each([
    ['B-T', 1],
    ['B-LT', 1],
    ['B-LTA', 2],
  ] as const)('%s: reached in the verify report, output intact for qpdf and pdfsig', async (level, count) => {
    const output = join(dir, `${level}.pdf`);
    const result = await stampPdf(f.context, { input, output, sealId: seal.id, placement: { kind: 'position', page: 1, x: 100, y: 100 }, level, tsaUrl: tsa.url });
    expect(result.level).toBe(level);
    const report = await verifyPdf(output, { home: f.fx.home, trustAnchors: [tsaRoot] });
    expect(report.status).toBe('valid');
    expect(report.signatures).toHaveLength(count);
    expect(report.signatures[0]).toMatchObject({ level, signingTime: { source: 'timestamp' } });
    if (level === 'B-LTA') expect(report.signatures[1]).toMatchObject({ kind: 'document-timestamp', status: 'valid' });
    const after = { 'B-T': undefined, 'B-LT': { updates: ['dss'], allowed: true }, 'B-LTA': { updates: ['dss', 'document-timestamp'], allowed: true } }[level];
    expect(report.signatures[0]!.modifications).toEqual(after);
    expect((await qpdfCheck(output)).ok).toBe(true);
    expect((await pdfsig(nss, output)).signatures[0]).toBe('Signature is Valid.');
  });

  it('without the TSA root trusted, B-T cannot be confirmed (indeterminate, not valid)', async () => {
    const report = await verifyPdf(join(dir, 'B-T.pdf'), { home: f.fx.home });
    expect(report.status).not.toBe('valid');
  });
});
