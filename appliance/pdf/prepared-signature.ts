import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';
import { byteRangeDigest, type ByteRange } from './byte-range-digest.js';
import { commitOutput, removeTemp, tempPathFor, writeUpdatedCopy } from './atomic-output.js';
import { serializeUpdate } from './incremental-writer.js';
import type { PdfDocument } from './pdf-document.js';
import { BYTE_RANGE_PLACEHOLDER } from './signature-dictionary.js';
import { buildSignatureObjects } from './signature-objects.js';
import type { DigestAlgorithm, SignatureRequest } from './signature-request.js';

/** A stamped copy waiting for its CMS: written to a hidden temp file beside the output. */
export interface PreparedSignature {
  readonly outPath: string;
  readonly fieldName: string;
  /** [0, start of /Contents, end of /Contents, rest of file]: what the CMS must sign. */
  readonly byteRange: ByteRange;
  readonly digestAlgorithm: DigestAlgorithm;
  /** Digest of the byte ranges, read back from the written temp file. */
  readonly digest: Buffer;
  /** Bytes available for the CMS. */
  readonly contentsSize: number;
  /** Writes the CMS into /Contents, fsyncs and renames the temp file to `outPath`. */
  embed(cms: Uint8Array): Promise<void>;
  /** Removes the temp file (when signing failed). */
  abort(): Promise<void>;
}

/**
 * Stamps `doc` into a temp file in the output's directory: the input's bytes copied unchanged,
 * the update appended, /ByteRange written over its placeholder, the digest read back from disk.
 * Nothing appears at `outPath` until embed() has fsynced the complete file. One signature per
 * opened PdfDocument: the objects it adds are registered in the document's context.
 */
export async function prepareSignature(doc: PdfDocument, outPath: string, request: SignatureRequest = {}): Promise<PreparedSignature> {
  doc.beginUpdate();
  const { objects, signature, fieldName } = await buildSignatureObjects(doc, request);
  const update = serializeUpdate(doc, objects);
  const sigAt = update.offsets.get(signature.objectNumber)! - doc.size;
  const rangeAt = update.bytes.indexOf(`/ByteRange ${BYTE_RANGE_PLACEHOLDER}`, sigAt, 'latin1') + '/ByteRange '.length;
  const contentsAt = update.bytes.indexOf('/Contents <', sigAt, 'latin1') + '/Contents '.length;
  const contentsEnd = update.bytes.indexOf('>', contentsAt) + 1;
  if (rangeAt < sigAt || contentsAt < sigAt || contentsEnd <= contentsAt) throw new Error('signature placeholders not found in the serialized update');
  const total = doc.size + update.bytes.length;
  const byteRange: ByteRange = [0, doc.size + contentsAt, doc.size + contentsEnd, total - (doc.size + contentsEnd)];
  const rangeText = `[${byteRange.join(' ')}`.padEnd(BYTE_RANGE_PLACEHOLDER.length - 1, ' ') + ']';
  update.bytes.write(rangeText, rangeAt, 'latin1');

  const tempPath = tempPathFor(outPath);
  try {
    await writeUpdatedCopy(doc, tempPath, update.bytes);
    const digestAlgorithm = request.digestAlgorithm ?? 'sha256';
    const digest = await byteRangeDigest(tempPath, byteRange, digestAlgorithm);
    const contentsSize = (contentsEnd - contentsAt - 2) / 2;
    return {
      outPath,
      fieldName,
      byteRange,
      digestAlgorithm,
      digest,
      contentsSize,
      embed: (cms) => embed(tempPath, outPath, byteRange[1] + 1, contentsSize, cms),
      abort: () => removeTemp(tempPath),
    };
  } catch (error) {
    await removeTemp(tempPath);
    throw error;
  }
}

async function embed(tempPath: string, outPath: string, hexAt: number, room: number, cms: Uint8Array): Promise<void> {
  if (cms.length > room) {
    await removeTemp(tempPath);
    throw new SealdeskError('SIGNATURE_TOO_LARGE', { size: cms.length, room });
  }
  // the rest of the placeholder stays zeros: DER knows its own length
  const hex = Buffer.from(Buffer.from(cms).toString('hex').toUpperCase(), 'latin1');
  await commitOutput(tempPath, outPath, { at: hexAt, bytes: hex });
}
