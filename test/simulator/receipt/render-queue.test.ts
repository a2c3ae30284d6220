import { afterAll, describe, expect, it } from 'vitest';
import { PNG } from 'pngjs';
import { EscPosTokenizer } from '../../../simulator/receipt/escpos-tokenizer.js';
import { PrinterModel } from '../../../simulator/receipt/printer-model.js';
import { RenderDropped, RenderThread } from '../../../simulator/receipt/render-thread.js';
import type { Receipt } from '../../../simulator/receipt/receipt.js';
import { sampleReceipt } from '../../../simulator/golden/escpos-vectors.js';

function golden(): Receipt {
  const cut: Receipt[] = [];
  new PrinterModel((receipt) => cut.push(receipt)).accept(new EscPosTokenizer().push(sampleReceipt));
  return cut[0]!;
}

describe('the receipt render thread keeps a bounded queue', () => {
  const thread = new RenderThread({ maxWaiting: 2 });
  afterAll(() => thread.close());

  it('drops the oldest waiting pictures, not the newest, when more wait than it holds', async () => {
    const receipt = golden();
    // the first goes to the thread at once; 2 may wait behind it; the 4th and 5th push out the 2nd and 3rd
    const outcomes = await Promise.allSettled(Array.from({ length: 5 }, () => thread.render(receipt)));
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled', 'fulfilled']);
    for (const o of outcomes) if (o.status === 'rejected') expect(o.reason).toBeInstanceOf(RenderDropped);
    const last = outcomes[4]!;
    if (last.status !== 'fulfilled') throw new Error('newest receipt not drawn');
    const image = PNG.sync.read(last.value.png);
    expect(image.width).toBe(576 + 32);
  });
});
