/**
 * The simulated devices' process under many receipts (issue 18: it grew 4–5 MB a receipt in the
 * soak). N receipts go through drivers/receipt over the real pty to the real device process (as
 * `npm start` runs it, pictures drawn on its render thread into SEALDESK_HOME/sim/receipts); its
 * resident memory is printed every 25 receipts, the last once every picture is on disk (the
 * render thread is not waited for in between: it works through a queue, as under the soak's load). With `--hall`, each
 * receipt comes with what else a kiosk session asks of that process: a card put on the reader and
 * taken off (its control channel) and the certificate PDF sent to its IPP printer.
 *
 *   node --import tsx test/soak/device-memory.ts [receipts=150] [--hall]
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { spawnDeviceProcess } from '../../appliance/sim/spawn-device-process.js';
import { stampReceipt } from '../../appliance/service/devices/stamp-receipt.js';
import { ReceiptPrinter } from '../../drivers/receipt/receipt-printer.js';
import { DocPrinter } from '../../drivers/docprinter/doc-printer.js';
import { simControl } from '../../appliance/sim/control-client.js';
import { IdCardReader } from '../../drivers/idcard/idcard-reader.js';
import { applicationPdf } from './sessions.js';
import { SerialTransport } from '../../firmware-bridge/transport/serial-transport.js';

/** A measuring script talks to a terminal (the lint's no-console is for the product's code). */
const say = (line: string) => process.stdout.write(`${line}\n`);
const receipts = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 150);
const hall = process.argv.includes('--hall');

function rssMb(pid: number): number {
  const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb) / 1024;
}

/** The kiosk's receipt as the service prints it: the verification QR and the licence code's. */
function kioskReceipt(i: number) {
  const id = `0193a7c0-0000-7000-8000-${String(i).padStart(12, '0')}`;
  return stampReceipt({ title: '盖章回执', sealName: '行政审批专用章', organisation: '杭州市西湖区行政审批服务管理局', time: new Date().toISOString(), documentHash: 'ab'.repeat(32), eventId: id, qr: `http://127.0.0.1:7700/verify?doc=${'ab'.repeat(32)}&event=${id}`, licenceCode: `SL1-${'Q'.repeat(60)}-${i}` });
}


const home = await mkdtemp(join(tmpdir(), 'sealdesk-device-memory-'));
const devices = await spawnDeviceProcess(home, { ipp: hall });
const docPrinter = hall ? new DocPrinter(devices.state.ipp!.uri) : undefined;
// as large as the kiosk's certificate (its CJK font embedded): a PDF comment makes up the size
const pdfMb = Number(process.argv.find((a) => a.startsWith('--pdf-mb='))?.slice(9) ?? 0);
const pdf = hall ? Buffer.concat([Buffer.from(await applicationPdf(1)), Buffer.from(`%${'x'.repeat(pdfMb * 1024 * 1024)}\n`)]) : undefined;
/** As the service reads a card (appliance/service/devices/read-card.ts): the port opened for the read and closed after it. */
async function readCard(): Promise<void> {
  const reader = await IdCardReader.open(devices.state.connections.idcard!);
  try {
    await reader.readCard();
  } finally {
    await reader.close();
  }
}
const transport = new SerialTransport({ path: devices.state.connections.receipt!, baudRate: 115200 });
try {
  await transport.open();
  const printer = new ReceiptPrinter(transport);
  const dir = join(home, 'sim', 'receipts');
  const samples: Array<[number, number]> = [[0, rssMb(devices.pid)]];
  say(`device process ${devices.pid}: ${samples[0]![1].toFixed(1)} MB before any receipt`);
  for (let i = 1; i <= receipts; i++) {
    if (hall) await simControl(home, 'card/insert', { name: i % 2 ? '李华' : '王小明' });
    if (hall) await readCard();
    if (docPrinter) await docPrinter.printPdf(pdf!);
    await printer.print(kioskReceipt(i));
    if (hall) await simControl(home, 'card/remove');
    if (i % 25 !== 0 && i !== receipts) continue;
    // not waiting for the pictures: as in the soak, the render thread works through a queue
    if (i === receipts) while (!existsSync(join(dir, `receipt-${i}.png`))) await sleep(20);
    const mb = rssMb(devices.pid);
    samples.push([i, mb]);
    say(`after ${String(i).padStart(4)} receipts: ${mb.toFixed(1)} MB`);
  }
  const half = samples[Math.floor(samples.length / 2)]!;
  const last = samples.at(-1)!;
  say(`growth after the first 25: ${((last[1] - samples[1]![1]) / (last[0] - samples[1]![0])).toFixed(2)} MB per receipt; last half ${(((last[1] - half[1]) / half[1]) * 100).toFixed(1)} %`);
} finally {
  await transport.close().catch(() => undefined);
  await devices.stop();
  await rm(home, { recursive: true, force: true });
}
