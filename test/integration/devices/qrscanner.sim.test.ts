import { afterEach, describe, expect, it } from 'vitest';
import { HidQrScanner } from '../../../drivers/qrscanner/hid-qr-scanner.js';
import type { Scan } from '../../../drivers/qrscanner/scan.js';
import { SerialQrScanner } from '../../../drivers/qrscanner/serial-qr-scanner.js';
import { createMemoryPair } from '../../../firmware-bridge/transport/memory-transport.js';
import { SerialTransport } from '../../../firmware-bridge/transport/serial-transport.js';
import { startHidQrScanner, startSerialQrScanner } from '../../../simulator/qrscanner/index.js';

const PAYLOADS = [
  'https://verify.sealdesk.example/e/7f3a9c?Q=1&x=~_{}|"<>',
  'https://verify.sealdesk.example/?n=王小明&q=电子印章',
  '买买提·艾力 AAbb 11', // U+00B7, doubled letters, spaces
];

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step().catch(() => undefined);
});

function collect(source: { on(event: 'scan', listener: (scan: Scan) => void): unknown }, count: number): Promise<Scan[]> {
  const scans: Scan[] = [];
  return new Promise((resolve) =>
    source.on('scan', (scan) => {
      scans.push(scan);
      if (scans.length === count) resolve(scans);
    }),
  );
}

describe('QR scanner driver ↔ scanner simulator', () => {
  it('serial mode over a real pty: each CR-ended line is one scan, Chinese intact, in order', async () => {
    const sim = await startSerialQrScanner();
    cleanup.push(() => sim.close());
    const transport = new SerialTransport({ path: sim.hostPath, baudRate: 115200 });
    await transport.open();
    cleanup.push(() => transport.close());
    const scanner = new SerialQrScanner(transport);
    const got = collect(scanner, PAYLOADS.length);
    for (const payload of PAYLOADS) await sim.scan(payload);
    const scans = await got;
    expect(scans.map((s) => s.text)).toEqual(PAYLOADS);
    expect(scans.every((s) => s.mode === 'serial')).toBe(true);
  });

  it('serial mode: the scanner unplugged → the driver reports close with DEVICE_DISCONNECTED', async () => {
    const sim = await startSerialQrScanner({ suffix: '\r\n' });
    cleanup.push(() => sim.close());
    const transport = new SerialTransport({ path: sim.hostPath, baudRate: 115200 });
    await transport.open();
    const scanner = new SerialQrScanner(transport);
    const first = scanner.next();
    await sim.scan(PAYLOADS[1]!);
    expect((await first).text).toBe(PAYLOADS[1]);
    const closed = expect(scanner.next()).rejects.toMatchObject({ code: 'DEVICE_DISCONNECTED' });
    await sim.unplug();
    await closed;
  });

  // HID needs /dev/uhid, missing here: the reports go over the in-memory pair (see simulator/qrscanner/hid-scanner.ts).
  it('HID keyboard-wedge mode: the driver decodes the simulator’s boot reports (Alt + keypad UTF-8 bytes for Chinese)', async () => {
    const [host, device] = createMemoryPair('hid-qr');
    cleanup.push(() => host.close());
    const scanner = new HidQrScanner(host);
    const sim = startHidQrScanner({ transport: device });
    const got = collect(scanner, PAYLOADS.length);
    for (const payload of PAYLOADS) await sim.scan(payload);
    const scans = await got;
    expect(scans.map((s) => s.text)).toEqual(PAYLOADS);
    expect(scans[1]!.bytes).toEqual(Buffer.from(PAYLOADS[1]!, 'utf8'));
    expect(scans.every((s) => s.mode === 'keyboard-wedge')).toBe(true);
  });
});
