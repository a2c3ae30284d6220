/**
 * How long printing receipts holds up the service's event loop (issue 18: each receipt stalled the
 * hall process 0.68–0.94 s). The service's side is measured the same way in both runs: six
 * receipts through drivers/receipt over a real pty, worst event-loop delay of this process. The
 * printer is the demo hall's device process (appliance/sim: its own process, pictures on a render
 * thread), beside the same simulator in this process drawing each receipt's picture on this thread
 * as it did before (PrintedReceipt.png() at each cut).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { receiptJob } from '../../drivers/receipt/job/receipt-job.js';
import { ReceiptPrinter } from '../../drivers/receipt/receipt-printer.js';
import { SerialTransport } from '../../firmware-bridge/transport/serial-transport.js';
import { spawnDeviceProcess } from '../../appliance/sim/spawn-device-process.js';
import { startReceiptPrinter } from '../../simulator/receipt/index.js';
import { report } from './report.js';

const RECEIPTS = 6;

function kioskReceipt(i: number) {
  return receiptJob()
    .align('centre').bold().size(2).line('盖章回执').bold(false).size(1).align('left')
    .line(`印章：行政审批专用章 第${i}张`).line('机构：杭州市西湖区行政服务中心').line(`时间：2026-12-07 09:${String(i).padStart(2, '0')}`)
    .align('centre').qr(`http://127.0.0.1:7700/verify?doc=${'ab'.repeat(32)}&event=0193a7c0-0000-7000-8000-00000000000${i}`, { moduleSize: 6, errorLevel: 'M' })
    .feedAndCut(3)
    .build();
}

/** Worst event-loop delay of this process, in ms, while `work` runs. */
async function worstDelay(work: () => Promise<void>): Promise<number> {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  await work();
  histogram.disable();
  return histogram.max / 1e6;
}

async function printAll(path: string, afterEach: (i: number) => Promise<void> = async () => undefined): Promise<void> {
  const transport = new SerialTransport({ path, baudRate: 115200 });
  await transport.open();
  const printer = new ReceiptPrinter(transport);
  try {
    for (let i = 1; i <= RECEIPTS; i++) {
      await printer.print(kioskReceipt(i));
      await afterEach(i);
    }
  } finally {
    await transport.close();
  }
}

const home = await mkdtemp(join(tmpdir(), 'sealdesk-stall-'));
try {
  const devices = await spawnDeviceProcess(home, { ipp: false });
  const apart = await worstDelay(() => printAll(devices.state.connections.receipt!)).finally(() => devices.stop());

  const local = await startReceiptPrinter();
  const together = await worstDelay(() =>
    printAll(local.hostPath, async (i) => {
      const [receipt] = (await local.waitForReceipts(i)).slice(i - 1);
      receipt!.png(); // the picture drawn on this thread, as the in-process simulator did at each cut
    }),
  ).finally(() => local.close());

  const met = report({
    name: `worst event-loop delay of the service process, ${RECEIPTS} receipts, devices in their own process`,
    value: apart,
    unit: 'ms',
    peer: { name: 'the simulator in the service process drawing each receipt (before)', value: together },
    better: 'lower',
    goal: { max: 0.5 },
  });
  process.exitCode = met ? 0 : 1;
} finally {
  await rm(home, { recursive: true, force: true });
}
