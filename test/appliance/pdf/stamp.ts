import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { openPdf, prepareSignature, type PreparedSignature, type SignatureRequest } from '../../../appliance/pdf/index.js';
import { redSealPng } from './make-pdf.js';

/** A DER SEQUENCE standing in for the CMS the signing code will make (pdfsig calls it invalid, rightly). */
export const FAKE_CMS = Buffer.from([0x30, 0x03, 0x02, 0x01, 0x01]);

export const SEAL_RECT = [300, 300, 420, 420] as const;

/** open → prepare → embed, as the signing code will call it. */
export async function stamp(input: string, output: string, request: SignatureRequest = { images: [{ png: redSealPng(), rect: SEAL_RECT }] }): Promise<PreparedSignature> {
  const doc = await openPdf(input);
  try {
    const prepared = await prepareSignature(doc, output, request);
    await prepared.embed(FAKE_CMS);
    return prepared;
  } finally {
    await doc.close();
  }
}

/** What a verifier computes: the digest of the file's bytes outside /Contents. */
export async function digestOfRanges(path: string, range: readonly number[], algorithm = 'sha256'): Promise<Buffer> {
  const bytes = await readFile(path);
  const [a = 0, b = 0, c = 0, d = 0] = range;
  return createHash(algorithm).update(bytes.subarray(a, a + b)).update(bytes.subarray(c, c + d)).digest();
}
