import { readFile } from 'node:fs/promises';
import { Command } from 'commander';
import { DocPrinter } from '../../../drivers/docprinter/doc-printer.js';
import { IdCardReader } from '../../../drivers/idcard/idcard-reader.js';
import { HidQrScanner } from '../../../drivers/qrscanner/hid-qr-scanner.js';
import { SerialQrScanner } from '../../../drivers/qrscanner/serial-qr-scanner.js';
import type { Scan } from '../../../drivers/qrscanner/scan.js';
import { receiptJob } from '../../../drivers/receipt/job/receipt-job.js';
import type { DeviceInfo } from '../../../firmware-bridge/discovery/device-info.js';
import { DeviceWatcher } from '../../../firmware-bridge/discovery/device-watcher.js';
import { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import { HidTransport } from '../../../firmware-bridge/transport/hid-transport.js';
import { SerialTransport } from '../../../firmware-bridge/transport/serial-transport.js';
import { sealdeskHome } from '../../config/home.js';
import { DEVICE_KINDS } from '../../devices/device-kinds.js';
import { devicePort } from '../../devices/device-port.js';
import { deviceListers } from '../../devices/device-listers.js';
import { maskedCard } from '../../devices/masked-card.js';
import { deviceAction } from '../device-action.js';
import { printJson, printTable } from '../output.js';
import { untilStopped } from '../until-stopped.js';

interface JsonOption {
  json?: boolean;
}

function deviceRow(d: DeviceInfo) {
  return {
    kind: d.kind,
    path: d.path,
    vendor: d.vendorId === undefined ? undefined : `0x${d.vendorId.toString(16).padStart(4, '0')}`,
    product: d.productId === undefined ? undefined : `0x${d.productId.toString(16).padStart(4, '0')}`,
    name: d.product ?? d.manufacturer,
  };
}

function positiveInt(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new SealdeskError('USAGE', { reason: `${name} takes a positive whole number`, reasonZh: `${name} 须为正整数` });
  return Number(value);
}

export default function devicesCommand(): Command {
  const devices = new Command('devices').description('hall peripherals: ID-card reader, receipt printer, document printer, QR scanner / 外设');

  devices
    .command('list')
    .description('serial ports and HID devices present; --watch prints plug and unplug events until Ctrl+C')
    .option('--watch', 'keep running and print attach / detach events')
    .option('--path <pattern...>', 'extra device paths or globs to watch (ptys, /dev/serial/by-id/*)')
    .option('--json', 'machine-readable output (one JSON object per event with --watch)')
    .action(
      deviceAction<JsonOption & { watch?: boolean; path?: string[] }>(async (options) => {
        const watcher = new DeviceWatcher(await deviceListers(sealdeskHome(), options.path ?? []), { intervalMs: 300 });
        watcher.on('error', () => undefined); // a missing HID stack must not hide the serial ports
        if (!options.watch) {
          await watcher.scan();
          const rows = watcher.devices.map(deviceRow);
          if (options.json) return printJson(rows);
          return printTable(rows, ['kind', 'path', 'vendor', 'product', 'name']);
        }
        const print = (event: 'attach' | 'detach') => (d: DeviceInfo) => {
          if (options.json) console.log(JSON.stringify({ event, ...deviceRow(d) }));
          else console.log(`${event === 'attach' ? '+' : '-'} ${d.kind} ${d.path}${d.product ? ` (${d.product})` : ''}`);
        };
        watcher.on('attach', print('attach'));
        watcher.on('detach', print('detach'));
        await watcher.start();
        await untilStopped();
        watcher.stop();
      }),
    );

  devices
    .command('read-id')
    .description('read the ID card on the reader; the ID number is shown masked / 读取身份证')
    .option('--port <path>', 'serial port of the reader (default: SEALDESK_IDCARD_PORT or the running simulator)')
    .option('--timeout <ms>', 'per request', '3000')
    .option('--json', 'machine-readable output')
    .action(
      deviceAction<JsonOption & { port?: string; timeout?: string }>(async (options) => {
        const port = await devicePort(sealdeskHome(), 'idcard', options.port);
        const reader = await IdCardReader.open(port, { timeoutMs: positiveInt('--timeout', options.timeout, 3000) });
        try {
          const card = maskedCard(await reader.readCard());
          if (options.json) return printJson(card);
          printTable(Object.entries(card).map(([field, value]) => ({ field, value })), ['field', 'value']);
        } finally {
          await reader.close();
        }
      }),
    );

  devices
    .command('print-receipt')
    .description('print a receipt: text lines, a QR code, then cut / 打印回执')
    .option('--port <path>', 'serial port of the printer (default: SEALDESK_RECEIPT_PORT or the running simulator)')
    .option('--title <text>', 'a bold, centred first line')
    .option('--text <line...>', 'text lines (Chinese welcome)')
    .option('--qr <data>', 'QR code content, e.g. the verification URL')
    .option('--json', 'machine-readable output')
    .action(
      deviceAction<JsonOption & { port?: string; title?: string; text?: string[]; qr?: string }>(async (options) => {
        if (!options.title && !options.text?.length && !options.qr) {
          throw new SealdeskError('USAGE', { reason: 'nothing to print: give --title, --text or --qr', reasonZh: '没有可打印的内容：请指定 --title、--text 或 --qr' });
        }
        const job = receiptJob();
        if (options.title) job.align('centre').bold().size(2).line(options.title).bold(false).size(1).align('left');
        for (const line of options.text ?? []) job.line(line);
        if (options.qr) job.align('centre').qr(options.qr, { moduleSize: 6, errorLevel: 'M' }).align('left');
        const printer = await DEVICE_KINDS.receipt.open(await devicePort(sealdeskHome(), 'receipt', options.port));
        try {
          const result = await printer.driver.print(job.feedAndCut(3).build());
          if (options.json) return printJson(result);
          for (const w of result.warnings) console.error(`${w.zh} / ${w.en}`);
          console.log(`receipt printed (${result.blocksSent} blocks) / 回执已打印`);
        } finally {
          await printer.close();
        }
      }),
    );

  devices
    .command('print')
    .description('print a PDF on an IPP document printer / 打印文件')
    .argument('<file>', 'the PDF')
    .requiredOption('--printer <uri>', 'ipp://host:port/ipp/print')
    .option('--json', 'machine-readable output')
    .action(
      deviceAction<JsonOption & { printer: string }>(async (options, args) => {
        const document = await readFile(args[0] as string).catch((error: unknown) => {
          throw new SealdeskError('USAGE', { reason: `cannot read ${args[0]}: ${(error as Error).message}`, reasonZh: `无法读取 ${args[0]}：${(error as Error).message}` });
        });
        const result = await new DocPrinter(options.printer).printPdf(document, { jobName: 'sealdesk document' });
        if (options.json) return printJson(result);
        console.log(`job ${result.jobId} ${result.state} / 打印任务 ${result.jobId} 已完成`);
      }),
    );

  devices
    .command('scan')
    .description('print each QR code the scanner reads, until Ctrl+C / 扫码')
    .option('--port <path>', 'serial port of the scanner (default: SEALDESK_QRSCANNER_PORT or the running simulator)')
    .option('--hid <path>', 'a scanner in HID keyboard-wedge mode instead (hidapi path from `devices list`)')
    .option('--count <n>', 'stop after this many scans')
    .option('--json', 'one JSON object per scan')
    .action(
      deviceAction<JsonOption & { port?: string; hid?: string; count?: string }>(async (options) => {
        const count = options.count === undefined ? Infinity : positiveInt('--count', options.count, 1);
        const transport = options.hid
          ? new HidTransport({ path: options.hid })
          : new SerialTransport({ path: await devicePort(sealdeskHome(), 'qrscanner', options.port), baudRate: 115200 });
        await transport.open();
        const scanner = options.hid ? new HidQrScanner(transport) : new SerialQrScanner(transport);
        let seen = 0;
        try {
          await new Promise<void>((resolve, reject) => {
            scanner.on('scan', (scan: Scan) => {
              console.log(options.json ? JSON.stringify({ text: scan.text, mode: scan.mode, device: scan.device }) : scan.text);
              if (++seen >= count) resolve();
            });
            scanner.on('close', (error?: Error) => (error ? reject(error) : resolve()));
            // The open device keeps the process alive; a signal just ends the loop.
            process.once('SIGINT', () => resolve());
            process.once('SIGTERM', () => resolve());
            console.error('scanning… (Ctrl+C to stop) / 请扫码'); // stderr, so --json output stays clean
          });
        } finally {
          scanner.dispose();
          await transport.close();
        }
      }),
    );

  return devices;
}
