import { mkdir, readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { isSealdeskError, SealdeskError, type ErrorBody } from '../../firmware-bridge/errors/sealdesk-error.js';
import { outputError } from '../pdf/index.js';
import { auditedStamp, auditFailure, stampWithSeal, type StampDeps } from './stamp-document.js';
import { checkLevel, readySeal, type ReadySeal } from './stamp-pdf.js';
import { verifyBaseUrl } from './verify-url.js';
import type { StampRequest, StampResult } from './stamp-request.js';

export type BatchItem = { input: string; ok: true; result: StampResult } | { input: string; ok: false; error: ErrorBody };

/** The PDFs of a folder, by name. */
export async function pdfsIn(dir: string): Promise<string[]> {
  const names = await readdir(dir).catch((error: unknown) => {
    throw new SealdeskError('FILE_NOT_FOUND', { path: dir }, { cause: error });
  });
  return names.filter((n) => n.toLowerCase().endsWith('.pdf')).sort();
}

function errorBody(error: unknown): ErrorBody {
  return (isSealdeskError(error) ? error : new SealdeskError('INTERNAL', {}, { cause: error })).toJSON();
}

/** Documents in flight at once: one preparing while others wait for the token or the disk. */
const IN_FLIGHT = 4;

/**
 * Stamps every PDF of `inputDir` into `outputDir` (same names; made when missing) with one seal
 * and one login, each document a whole stamp (seal event and audit entry, as stampDocument).
 * Up to IN_FLIGHT documents are under way at once, so one is hashed and placed while others
 * wait for the token's signature or for their fsyncs. A failed document is reported and the
 * others go on; `onItem` sees each as it ends, in the folder's order, as does the result.
 */
export async function stampBatch(deps: StampDeps, inputDir: string, outputDir: string, common: Omit<StampRequest, 'input' | 'output'>, onItem?: (item: BatchItem) => void): Promise<BatchItem[]> {
  if (resolve(inputDir) === resolve(outputDir)) throw new SealdeskError('USAGE', { reason: 'the output folder must not be the input folder', reasonZh: '输出目录不能与输入目录相同' });
  const names = await pdfsIn(inputDir);
  let seal: ReadySeal;
  try {
    checkLevel({ ...common, input: inputDir, output: outputDir });
    seal = await readySeal(deps, common.sealId);
  } catch (error) {
    // no document was stamped, but a refused seal or PIN is still a refused stamp
    auditFailure(deps.audit, common.sealId, error);
    throw error;
  }
  // config.json is read once for the batch, not once a document
  if (deps.verifyBaseUrl === undefined) deps = { ...deps, verifyBaseUrl: verifyBaseUrl(deps.home) };
  await mkdir(outputDir, { recursive: true }).catch((error: unknown) => {
    throw outputError(error, outputDir);
  });
  const stampOne = async (name: string): Promise<BatchItem> => {
    const input = join(inputDir, name);
    try {
      const { result } = await auditedStamp(deps.audit, common.sealId, () => stampWithSeal(deps, seal, { ...common, input, output: join(outputDir, name) }));
      return { input, ok: true, result };
    } catch (error) {
      return { input, ok: false, error: errorBody(error) };
    }
  };
  const items: BatchItem[] = [];
  const done = new Map<number, BatchItem>();
  let next = 0;
  const lane = async () => {
    while (next < names.length) {
      const i = next++;
      done.set(i, await stampOne(names[i]!));
      // hand on every item that has all its predecessors
      for (let item = done.get(items.length); item; item = done.get(items.length)) {
        done.delete(items.length);
        items.push(item);
        onItem?.(item);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, names.length) }, lane));
  return items;
}
