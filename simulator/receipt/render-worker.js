// The thread that renders cut receipts to PNG for a simulated printer. Plain JavaScript because a
// worker starts outside whatever runs the main thread's TypeScript: it registers tsx itself.
// Rendering a receipt (Noto CJK outlines filled by resvg, then PNG encoding) takes a quarter of a
// second or more; on the printer's own thread that would hold back its answers to status requests.
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { renderReceipt } = await import('./render-png.ts');

// Not niced: on a loaded 2-core machine a nice-10 thread drew no picture for half a minute, while
// whoever waits for receipt-N.png (a `sim up` user, a test) waits on it. Being a thread of the
// device process, it already stays off the printer's wire and out of the service's process.

parentPort.on('message', ({ id, receipt, options }) => {
  try {
    const { png, layout } = renderReceipt(receipt, options);
    parentPort.postMessage({ id, png, layout });
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
parentPort.postMessage({ ready: true });
