import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { openPdf, page, pageCount } from '../../../appliance/pdf/index.js';
import { stampPdf } from '../../../appliance/stamping/index.js';
import { verifyPdf } from '../../../appliance/verification/index.js';
import type { OpenedSealHome } from './seal-home.js';

/**
 * What the harness does with each file — the appliance's own entry points, as the CLI and the
 * service call them. Adapt here when their signatures change:
 *   open   appliance/pdf openPdf(path) → pageCount(doc) → page(doc, n) for the first 20 and the last
 *   verify appliance/verification verifyPdf(path, { home, registry })
 *   stamp-position / stamp-cross-page  appliance/stamping stampPdf(context, request)
 */
export const OPERATIONS = ['open', 'verify', 'stamp-position', 'stamp-cross-page'] as const;
export type Operation = (typeof OPERATIONS)[number];

export interface OperationDone {
  /** What the stamp threw (kept, so its folder could be looked at first); open and verify just throw. */
  error?: { thrown: unknown };
  /** For stamps: files left in the output's folder (after a refusal: any; after success: any but the output). */
  leftovers?: string[];
}

export async function runOperation(op: Operation, file: string, seal: OpenedSealHome, workDir: string): Promise<OperationDone> {
  if (op === 'open') {
    const doc = await openPdf(file);
    try {
      const total = await pageCount(doc);
      for (let n = 1; n <= Math.min(total, 20); n++) await page(doc, n);
      if (total > 20) await page(doc, total);
    } finally {
      await doc.close();
    }
    return {};
  }
  if (op === 'verify') {
    await verifyPdf(file, { home: seal.home, registry: seal.registry });
    return {};
  }
  const outDir = await mkdtemp(join(workDir, 'out-'));
  const output = join(outDir, 'stamped.pdf');
  let failure: unknown;
  try {
    await stampPdf(seal.context, {
      input: file,
      output,
      sealId: seal.sealId,
      placement: { kind: 'position', page: 1, x: 100, y: 100 },
      ...(op === 'stamp-cross-page' ? { crossPage: {} } : {}),
    });
  } catch (error) {
    failure = error;
  }
  const left = await readdir(outDir);
  await rm(outDir, { recursive: true, force: true });
  const leftovers = failure === undefined ? left.filter((n) => n !== 'stamped.pdf') : left;
  return failure === undefined ? { leftovers } : { error: { thrown: failure }, leftovers };
}
