import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import { writeOutputWhole } from '../../pdf/atomic-output.js';
import type { Seal } from '../../seals/seal.js';
import type { RenderedCertificate } from '../../templates/index.js';
import { readJson, writeJsonAtomic } from '../documents/atomic-json.js';
import type { ServiceContext } from '../service-context.js';
import type { StampJob } from '../stamps/stamp-job.js';

/** Where a certificate's PDF rendering waits for its stamp (by document id), and the paper copies made of it (by stamp id). */
const paperDir = (context: ServiceContext) => join(context.workDir, 'kiosk', 'paper');
const basePath = (context: ServiceContext, documentId: string) => join(paperDir(context), `${documentId}.pdf`);
const anchorPath = (context: ServiceContext, documentId: string) => join(paperDir(context), `${documentId}.json`);
const copyPath = (context: ServiceContext, stampId: string) => join(paperDir(context), `${stampId}.copy.pdf`);

/**
 * Keeps the PDF rendering of a certificate issued as OFD (the same template, data and time: the
 * same layout, the PDF writer) with its anchor, so that its paper copy can be printed — now, or on
 * a reprint after the citizen's card is long forgotten — without the holder's data again.
 */
export async function keepPaperBase(context: ServiceContext, documentId: string, rendered: Pick<RenderedCertificate, 'pdf' | 'anchor'>): Promise<void> {
  mkdirSync(paperDir(context), { recursive: true, mode: 0o700 });
  await writeOutputWhole(basePath(context, documentId), [rendered.pdf]);
  await writeJsonAtomic(anchorPath(context, documentId), { anchor: rendered.anchor });
}

/**
 * What the document printer prints for a stamp whose document is not a PDF (an OFD e-licence:
 * the printer takes PDF): the certificate's PDF rendering with the seal's picture where the OFD
 * stamp put it and the stamp's verification QR beside it (templates/paper-copy.ts), made once in
 * a document thread and kept. A document with no PDF rendering kept (an OFD a clerk uploaded) is
 * PRINT_COPY_MISSING: nothing else is printed in its place.
 */
export async function paperCopyOf(context: ServiceContext, job: StampJob, seal: Seal, format: string): Promise<Buffer> {
  const kept = await readFile(copyPath(context, job.id)).catch(() => undefined);
  if (kept) return kept;
  const base = await readFile(basePath(context, job.spec.documentId)).catch(() => undefined);
  const anchor = (await readJson<{ anchor: { x: number; y: number } }>(anchorPath(context, job.spec.documentId)))?.anchor;
  if (!base || !anchor) throw new SealdeskError('PRINT_COPY_MISSING', { format: format.toUpperCase(), stamp: job.id });
  const copy = await context.documentPool.paperCopy(base, {
    anchor,
    sealPng: context.seals.image(seal.id),
    ...(seal.format === 'gbt38540' ? { eseal: context.seals.eseal(seal.id) } : {}),
    ...(job.result?.verificationUrl ? { qr: job.result.verificationUrl } : {}),
  });
  await writeOutputWhole(copyPath(context, job.id), [copy]);
  return copy;
}
