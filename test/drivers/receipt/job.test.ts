import { describe, expect, it } from 'vitest';
import { receiptJob } from '../../../drivers/receipt/job/receipt-job.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('receipt job builder', () => {
  it('one block per printed thing, style carried into the block it applies to', () => {
    const job = receiptJob()
      .align('centre')
      .bold()
      .size(2)
      .line('回执')
      .bold(false)
      .size(1)
      .align('left')
      .line('A1')
      .qr('ABC', { moduleSize: 4, errorLevel: 'Q' })
      .image({ width: 8, height: 1, bytesPerRow: 1, data: Uint8Array.of(0xf0) })
      .feedAndCut(2)
      .build();
    expect(job.blocks.map(hex)).toEqual([
      // ESC @, FS &, centre, bold, double size, 回执 (BB D8 D6 B4), LF
      '1b401c261b61011b45011d2111bbd8d6b40a',
      '1b45001d21001b61004131' + '0a',
      '1d286b040031413200' + '1d286b0300314304' + '1d286b0300314532' + '1d286b0600315030414243' + '1d286b0300315130' + '0a',
      // GS v 0, m 0, x 1 byte, y 1 row, data
      '1d76300001000100' + 'f0',
      // FS ., feed 2 and cut
      '1c2e1d564102',
    ]);
    expect(job.byteLength).toBe(job.blocks.reduce((n, b) => n + b.length, 0));
  });

  it('a multi-line value becomes one block per line', () => {
    const job = receiptJob().line('一\n二\r\n三').build();
    expect(job.blocks).toHaveLength(3);
    expect(hex(job.blocks[2]!)).toBe('c8fd0a');
  });
});
