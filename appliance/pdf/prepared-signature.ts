import { createHash } from 'node:crypto';
import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';
import { byteRangeDigest, type ByteRange } from './byte-range-digest.js';
import { commitOutput, PendingOutput, removeTemp, tempPathFor, writeUpdatedCopy } from './atomic-output.js';
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
  /** Digest of the byte ranges: of the bytes in memory, or read back from the temp file. */
  readonly digest: Buffer;
  /** Bytes available for the CMS. */
  readonly contentsSize: number;
  /**
   * Starts creating the output's temp file, so that it is ready by embed(); a stamp calls it
   * before the token signs. embed() does it otherwise.
   */
  reserve(): void;
  /**
   * Writes the CMS into /Contents, fsyncs and renames the temp file to `outPath`. `whileFlushing`
   * (e.g. the check of the signature) runs during the fsync; if it throws, no output appears.
   */
  embed(cms: Uint8Array, whileFlushing?: () => void): Promise<void>;
  /** Removes the temp file (when signing failed). */
  abort(): Promise<void>;
}

/**
 * Stamps `doc`: the input's bytes unchanged, the update appended, /ByteRange written over its
 * placeholder. A document held in memory (a small one) stays there until embed() writes the
 * whole output at once; a large one is copied into a temp file in the output's directory now
 * and its digest read back from disk, so it never sits in memory. Either way nothing appears at
 * `outPath` until embed() has fsynced the complete file. One signature per opened PdfDocument:
 * the objects it adds are registered in the document's context. `target`: the output's path, or
 * its temp file already being made (a small document's output is written into it; a large
 * one's is discarded for a temp file of its own).
 */
export async function prepareSignature(doc: PdfDocument, target: string | PendingOutput, request: SignatureRequest = {}): Promise<PreparedSignature> {
  const outPath = typeof target === 'string' ? target : target.path;
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

  const digestAlgorithm = request.digestAlgorithm ?? 'sha256';
  const contentsSize = (contentsEnd - contentsAt - 2) / 2;
  const described = { outPath, fieldName, byteRange, digestAlgorithm, contentsSize };
  const held = doc.file.bytes;
  if (held) {
    const updateBytes = update.bytes;
    const digest = createHash(digestAlgorithm).update(held).update(updateBytes.subarray(0, contentsAt)).update(updateBytes.subarray(contentsEnd)).digest();
    // the whole file, /Contents still zeros, is written while the token signs; the CMS is patched
    // in after. A temp file made early is written into now; with none, reserve() makes one.
    let output: PendingOutput | undefined;
    const reserve = () => {
      if (output) return output;
      output = typeof target === 'string' ? PendingOutput.create(outPath) : target;
      output.write([held, updateBytes]);
      return output;
    };
    if (typeof target !== 'string') reserve();
    return {
      ...described,
      digest,
      reserve: () => void reserve(),
      embed: async (cms, whileFlushing) => {
        let hex: Buffer;
        try {
          hex = hexOf(cms, contentsSize);
        } catch (error) {
          await output?.discard();
          throw error;
        }
        const pending = reserve();
        pending.patch(held.length + contentsAt + 1, hex);
        await pending.commit([], whileFlushing);
      },
      abort: async () => {
        await output?.discard();
      },
    };
  }

  if (typeof target !== 'string') await target.discard();
  const tempPath = tempPathFor(outPath);
  try {
    await writeUpdatedCopy(doc, tempPath, update.bytes);
    const digest = await byteRangeDigest(tempPath, byteRange, digestAlgorithm);
    return {
      ...described,
      digest,
      reserve: () => undefined, // the temp file is there already
      embed: (cms, whileFlushing) => embed(tempPath, outPath, byteRange[1] + 1, contentsSize, cms, whileFlushing),
      abort: () => removeTemp(tempPath),
    };
  } catch (error) {
    await removeTemp(tempPath);
    throw error;
  }
}

/** The CMS as the hex digits of /Contents; SIGNATURE_TOO_LARGE when it does not fit the placeholder. */
function hexOf(cms: Uint8Array, room: number): Buffer {
  if (cms.length > room) throw new SealdeskError('SIGNATURE_TOO_LARGE', { size: cms.length, room });
  // the rest of the placeholder stays zeros: DER knows its own length
  return Buffer.from(Buffer.from(cms.buffer, cms.byteOffset, cms.byteLength).toString('hex').toUpperCase(), 'latin1');
}

async function embed(tempPath: string, outPath: string, hexAt: number, room: number, cms: Uint8Array, whileFlushing?: () => void): Promise<void> {
  let hex: Buffer;
  try {
    hex = hexOf(cms, room);
  } catch (error) {
    await removeTemp(tempPath);
    throw error;
  }
  await commitOutput(tempPath, outPath, { at: hexAt, bytes: hex }, whileFlushing);
}
