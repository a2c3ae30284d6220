import { toBitmap } from '../../../../drivers/receipt/encoder/bitmap.js';
import { receiptJob, type ReceiptJob } from '../../../../drivers/receipt/job/receipt-job.js';

/** A red seal ring on a transparent background, as RGBA, like the seal PNG thumbnail. */
export function sealThumbnail(size = 64): { width: number; height: number; channels: 4; data: Uint8Array } {
  const data = new Uint8Array(size * size * 4);
  const c = (size - 1) / 2;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const r = Math.hypot(x - c, y - c);
      if (r <= c && r >= c - 4) data.set([200, 20, 30, 255], (y * size + x) * 4);
    }
  }
  return { width: size, height: size, channels: 4, data };
}

/** The receipt a citizen takes home from the counter. */
export function sampleReceipt(lines = 6): ReceiptJob {
  const job = receiptJob().align('centre').bold().size(2).line('不动产登记受理回执').bold(false).size(1).align('left');
  for (let i = 1; i <= lines; i++) job.line(`第${i}项：材料已收取 No.${String(i).padStart(4, '0')}`);
  return job
    .align('centre')
    .qr('https://verify.sealdesk.example/e/01JD5K9Q8W', { moduleSize: 6, errorLevel: 'M' })
    .image(toBitmap(sealThumbnail()))
    .line('请妥善保管')
    .feedAndCut(3)
    .build();
}

export function concatBlocks(job: ReceiptJob, from = 0, to = job.blocks.length): Buffer {
  return Buffer.concat(job.blocks.slice(from, to));
}
