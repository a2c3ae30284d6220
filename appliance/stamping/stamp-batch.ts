import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { isSealdeskError, SealdeskError, type ErrorBody } from '../../firmware-bridge/errors/sealdesk-error.js';
import { finishStamp, prepareStamp, readySeal, type PendingStamp } from './stamp-pdf.js';
import type { StampContext, StampRequest, StampResult } from './stamp-request.js';

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

type Settled = { ok: true; pending: PendingStamp } | { ok: false; error: unknown };

/**
 * Stamps every PDF of `inputDir` into `outputDir` (same names) with one seal and one login.
 * Two stages overlap: while the token signs document i, document i+1 is hashed and prepared.
 * A failed document is reported and the others go on; `onItem` sees each as it ends.
 */
export async function stampBatch(
  context: StampContext,
  inputDir: string,
  outputDir: string,
  common: Omit<StampRequest, 'input' | 'output'>,
  onItem?: (item: BatchItem) => void,
): Promise<BatchItem[]> {
  if (resolve(inputDir) === resolve(outputDir)) throw new SealdeskError('USAGE', { reason: 'the output folder must not be the input folder' });
  const names = await pdfsIn(inputDir);
  const seal = await readySeal(context, common.sealId);
  const requestOf = (name: string): StampRequest => ({ ...common, input: join(inputDir, name), output: join(outputDir, name) });
  const prepare = (i: number): Promise<Settled> =>
    prepareStamp(context, seal, requestOf(names[i]!)).then(
      (pending) => ({ ok: true as const, pending }),
      (error: unknown) => ({ ok: false as const, error }),
    );
  const items: BatchItem[] = [];
  let next = names.length > 0 ? prepare(0) : undefined;
  for (let i = 0; next; i++) {
    const current = await next;
    next = i + 1 < names.length ? prepare(i + 1) : undefined;
    const input = join(inputDir, names[i]!);
    let item: BatchItem;
    if (!current.ok) item = { input, ok: false, error: errorBody(current.error) };
    else {
      try {
        item = { input, ok: true, result: await finishStamp(context, seal, current.pending) };
      } catch (error) {
        item = { input, ok: false, error: errorBody(error) };
      }
    }
    items.push(item);
    onItem?.(item);
  }
  return items;
}
