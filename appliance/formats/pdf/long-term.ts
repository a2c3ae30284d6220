import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { addDss, openPdf, prepareSignature } from '../../pdf/index.js';
import { buildDocumentTimestamp, buildDssContent } from '../../pades/index.js';

/** A hidden work file beside the output: same file system, so the last step's rename is atomic. */
export function workPath(output: string, step: string): string {
  return join(dirname(output), `.${basename(output)}.${step}-${randomBytes(4).toString('hex')}.pdf`);
}

/** B-LT: a /DSS with every certificate of the signature (and its timestamp) and the CRLs, as a further update. */
export async function appendDss(input: string, output: string, cms: Buffer, certificates: Buffer[], crls: Buffer[]): Promise<void> {
  const material = buildDssContent({ signatures: [cms], certificates, crls });
  const doc = await openPdf(input);
  try {
    await addDss(doc, output, material);
  } finally {
    await doc.close();
  }
}

/** B-LTA: a document timestamp (ETSI.RFC3161) over everything so far, the DSS included. */
export async function appendDocumentTimestamp(input: string, output: string, tsaUrl: string): Promise<void> {
  const doc = await openPdf(input);
  try {
    const prepared = await prepareSignature(doc, output, { subFilter: 'ETSI.RFC3161', contentsSize: 8192 });
    try {
      await prepared.embed(await buildDocumentTimestamp(prepared.digest, 'sha256', tsaUrl));
    } catch (error) {
      await prepared.abort();
      throw error;
    }
  } finally {
    await doc.close();
  }
}

export async function removeQuietly(paths: string[]): Promise<void> {
  await Promise.all(paths.map((p) => rm(p, { force: true })));
}
