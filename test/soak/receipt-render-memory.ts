/**
 * The receipt render thread alone under a flood (issue 18: the devices' process grew outside V8
 * while the thread fell behind). N golden receipts are handed to one RenderThread, 50 at a time
 * (a busy hall); resident memory is printed each time another 50 are settled (drawn or dropped).
 *
 *   node --import tsx test/soak/receipt-render-memory.ts [receipts=300]
 */
import { EscPosTokenizer } from '../../simulator/receipt/escpos-tokenizer.js';
import { PrinterModel } from '../../simulator/receipt/printer-model.js';
import { RenderThread } from '../../simulator/receipt/render-thread.js';
import type { Receipt } from '../../simulator/receipt/receipt.js';
import { sampleReceipt } from '../../simulator/golden/escpos-vectors.js';

/** A measuring script talks to a terminal (the lint's no-console is for the product's code). */
const say = (line: string) => process.stdout.write(`${line}\n`);
const count = Number(process.argv[2] ?? 300);
const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(0);

const cut: Receipt[] = [];
const model = new PrinterModel((receipt) => cut.push(receipt));
model.accept(new EscPosTokenizer().push(sampleReceipt));
const receipt = cut[0]!;

const thread = new RenderThread();
const started = Date.now();
let drawn = 0;
let dropped = 0;
const report = () => {
  const settled = drawn + dropped;
  if (settled % 50 === 0 || settled === count)
    say(`${settled} settled (${drawn} drawn, ${dropped} dropped): rss ${mb(process.memoryUsage().rss)} MB, ${Date.now() - started} ms`);
};
// the thread is unref'd (a printer must not hold its process open): this script waits on it
const keepAlive = setInterval(() => undefined, 1000);
say(`start: rss ${mb(process.memoryUsage().rss)} MB`);
// in batches the thread's queue holds (it drops the oldest picture beyond 64 waiting), so every
// receipt is drawn and the figures are per picture
for (let sent = 0; sent < count; sent += 50)
  await Promise.all(
    Array.from({ length: Math.min(50, count - sent) }, () =>
      thread.render(receipt).then(
        () => (drawn++, report()),
        () => (dropped++, report()),
      ),
    ),
  );
clearInterval(keepAlive);
await thread.close();
