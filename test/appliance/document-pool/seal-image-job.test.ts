/**
 * A seal's PNG prepared in a document thread (the service's stamps, so decoding and deflating it
 * never holds the event loop) is drawn into a PDF exactly as one prepared on the main thread:
 * the same RGB plane, the same alpha mask, the same opaque IDAT passed through.
 */
import { PDFDocument, PDFName, type PDFRawStream, type PDFRef } from '@cantoo/pdf-lib';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { DocumentPool } from '../../../appliance/document-pool/document-pool.js';
import { isPngPrepared } from '../../../appliance/pdf/index.js';
import { registerPng } from '../../../appliance/pdf/png-image.js';
import { afterFile } from '../../helpers/after-file.js';

const pool = new DocumentPool({ workers: 1, queueLimit: 1, staffQueueLimit: 4, timeLimitMs: 30_000, memoryLimitMb: 128 });
afterFile(() => pool.close());

/** A red disc on transparency (alpha), or on white (opaque RGB). */
function disc(transparent: boolean): Buffer {
  const size = 64;
  const png = new PNG({ width: size, height: size, colorType: transparent ? 6 : 2 });
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const inside = (x - 32) ** 2 + (y - 32) ** 2 < 28 ** 2;
      png.data.set(inside ? [200, 20, 30, 255] : [255, 255, 255, transparent ? 0 : 255], (y * size + x) * 4);
    }
  return PNG.sync.write(png, { colorType: transparent ? 6 : 2 });
}

/** The image XObject's stream bytes, and its soft mask's when it has one. */
async function drawn(png: Buffer): Promise<{ image: Buffer; mask: Buffer | null }> {
  const doc = await PDFDocument.create();
  const stream = doc.context.lookup(registerPng(doc.context, png)) as PDFRawStream;
  const maskRef = stream.dict.get(PDFName.of('SMask')) as PDFRef | undefined;
  const mask = maskRef ? (doc.context.lookup(maskRef) as PDFRawStream) : undefined;
  return { image: Buffer.from(stream.contents), mask: mask ? Buffer.from(mask.contents) : null };
}

describe('a seal image prepared in a document thread', () => {
  it.each([
    ['with transparency: decoded RGB and alpha planes', true],
    ['opaque: its IDAT passed through', false],
  ])('%s, drawn the same as on the main thread', async (_, transparent) => {
    const png = disc(transparent);
    expect(isPngPrepared(png)).toBe(false);
    await pool.prepareSealImage(png);
    expect(isPngPrepared(png)).toBe(true);

    const fromThread = await drawn(png);
    const onMainThread = await drawn(Buffer.from(png)); // another Buffer: prepared here, not found by identity
    expect(fromThread.image.equals(onMainThread.image)).toBe(true);
    expect(fromThread.mask === null).toBe(!transparent);
    if (transparent) expect(fromThread.mask!.equals(onMainThread.mask!)).toBe(true);
  });

  it('a PNG that is not one is SEAL_IMAGE_INVALID, as on the main thread', async () => {
    await expect(pool.prepareSealImage(Buffer.from('not a png at all, but long enough to look'))).rejects.toMatchObject({ code: 'SEAL_IMAGE_INVALID' });
  });
});
