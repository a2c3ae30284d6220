import { createServer, type Server, type Socket } from 'node:net';
import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';
import { SerialTransport } from '../../firmware-bridge/transport/serial-transport.js';
import { openPtyPair } from '../pty/pty-pair.js';
import { EscPosTokenizer } from './escpos-tokenizer.js';
import { PrinterModel, type PrinterCondition } from './printer-model.js';
import type { Receipt } from './receipt.js';
import { renderReceipt, type Placement } from './render-png.js';
import { RenderDropped, RenderThread, RenderThreadClosed, type Rendered } from './render-thread.js';
import { statusByte } from './status.js';

export interface ReceiptPrinterOptions {
  /** Also listen for raw ESC/POS on 127.0.0.1 at an ephemeral port, as a port-9100 printer does. */
  tcp?: boolean;
  /** Printable width in dots: 576 (80 mm, the default) or 384 (58 mm). */
  widthDots?: number;
  /** Write receipt-N.png (the picture) and receipt-N.json (its text lines and QR payloads) here at each cut. */
  outDir?: string;
  /**
   * How many cut receipts stay in memory (`receipts`); older ones are dropped. A test reads them
   * all (the default keeps every one); a device process that runs for weeks writes each to
   * `outDir` and must not hold them all.
   */
  keepInMemory?: number;
}

/** A cut receipt: its content as data, and its picture (rendered on first use). */
export interface PrintedReceipt extends Receipt {
  readonly index: number;
  png(): Buffer;
  layout(): Placement[];
}

export interface ReceiptPrinter {
  /** The end the driver opens with serialport. */
  readonly hostPath: string;
  /** The TCP port when started with `tcp: true`. */
  readonly tcpPort: number | undefined;
  readonly receipts: readonly PrintedReceipt[];
  /** The paper printed so far of the receipt not yet cut. */
  current(): Receipt;
  readonly condition: Readonly<PrinterCondition>;
  /** Commands received but held because the printer cannot print now. */
  heldCommands(): number;
  /** Unknown commands seen, as hex. */
  readonly unknownCommands: readonly string[];
  setPaper(paper: PrinterCondition['paper']): void;
  setCoverOpen(open: boolean): void;
  setOffline(offline: boolean): void;
  /** The roll runs out after this many more printed lines (paper-out in the middle of a job). */
  runOutAfterLines(lines: number): void;
  waitForReceipts(count: number, timeoutMs?: number): Promise<readonly PrintedReceipt[]>;
  close(): Promise<void>;
}

interface Wire {
  on(event: 'data', listener: (chunk: Buffer) => void): unknown;
  write(bytes: Buffer): unknown;
}

/**
 * An ESC/POS receipt printer on the device end of a socat pty pair (and optionally TCP). It
 * interprets what it receives, answers DLE EOT at once, stops while out of paper without losing
 * anything it was sent, and renders each cut receipt to a PNG.
 */
export async function startReceiptPrinter(options: ReceiptPrinterOptions = {}): Promise<ReceiptPrinter> {
  const printed: PrintedReceipt[] = [];
  const keep = Math.max(1, options.keepInMemory ?? Infinity);
  let cut = 0;
  const painter = options.outDir ? new RenderThread() : undefined;
  const model = new PrinterModel((receipt) => {
    let cache: Rendered | undefined;
    const render = () => (cache ??= renderReceipt(receipt, { widthDots: options.widthDots }));
    const entry: PrintedReceipt = { ...receipt, index: cut++, png: () => render().png, layout: () => render().layout };
    printed.push(entry);
    if (printed.length > keep) printed.splice(0, printed.length - keep);
    model.keepLastReceipts(printed.length);
    if (options.outDir && painter) {
      const path = join(options.outDir, `receipt-${entry.index + 1}`);
      // Written aside and renamed, so whoever watches the folder never sees half a file. The
      // .json beside the picture is what the paper says as data (text lines, QR payloads), for
      // another process (a `sim up` user, a CLI test) that cannot ask this one. The picture is
      // drawn on the render thread: this thread keeps answering the wire meanwhile.
      const write = async () => {
        const data = { lines: receipt.lines, qr: receipt.elements.flatMap((e) => (e.kind === 'qr' ? [e.data] : [])) };
        await writeFile(`${path}.json.part`, JSON.stringify(data, null, 2));
        await rename(`${path}.json.part`, `${path}.json`);
        const picture = cache ?? (await painter.render(receipt, { widthDots: options.widthDots }));
        // kept for png() only while every receipt is kept: a bounded printer holds no pictures
        if (keep === Infinity) cache ??= picture;
        await writeFile(`${path}.png.part`, picture.png);
        await rename(`${path}.png.part`, `${path}.png`);
      };
      setImmediate(
        () =>
          void write().catch((e: unknown) => {
            if (e instanceof RenderThreadClosed) return;
            // a dropped picture is one line: the receipt's text is in its .json already
            if (e instanceof RenderDropped) console.error(`receipt simulator: ${path}.png: ${e.message}`);
            else console.error(`receipt simulator: ${String(e)}`);
          }),
      );
    }
  });

  const attach = (wire: Wire): void => {
    const tokenizer = new EscPosTokenizer();
    wire.on('data', (chunk) => {
      for (const token of tokenizer.push(chunk)) {
        if (token.kind !== 'status') {
          model.accept([token]);
          continue;
        }
        const byte = statusByte(token.n, model.condition);
        if (byte !== undefined) wire.write(Buffer.from([byte]));
      }
    });
  };

  const pair = await openPtyPair({ name: 'receipt' });
  const transport = new SerialTransport({ path: pair.devicePath, baudRate: 115200 });
  await transport.open().catch(async (error: unknown) => {
    await pair.close();
    throw error;
  });
  attach({
    on: (event, listener) => transport.on(event, listener),
    write: (bytes) => transport.write(bytes).catch(() => undefined), // the host may be gone; a printer does not care
  });

  let server: Server | undefined;
  const sockets = new Set<Socket>();
  if (options.tcp) {
    server = createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
      attach(socket);
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  }
  const address = server?.address();

  const change = (update: Partial<PrinterCondition>): void => {
    Object.assign(model.condition, update);
    model.resume();
  };

  return {
    hostPath: pair.hostPath,
    tcpPort: typeof address === 'object' && address !== null ? address.port : undefined,
    receipts: printed,
    current: () => model.current,
    condition: model.condition,
    heldCommands: () => model.heldCount,
    unknownCommands: model.unknown,
    setPaper: (paper) => change({ paper }),
    setCoverOpen: (coverOpen) => change({ coverOpen }),
    setOffline: (offline) => change({ offline }),
    runOutAfterLines(lines) {
      model.paperLeftLines = lines;
    },
    async waitForReceipts(count, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (cut < count) {
        if (Date.now() > deadline) throw new SealdeskError('DEVICE_TIMEOUT', { device: 'receipt simulator' });
        await sleep(10);
      }
      return printed;
    },
    async close() {
      await painter?.close();
      for (const socket of sockets) socket.destroy();
      if (server) await new Promise<void>((resolve) => server!.close(() => resolve()));
      await transport.close().catch(() => undefined);
      await pair.close();
    },
  };
}
