import iconv from 'iconv-lite';
import { SerialPort } from 'serialport';
import { afterEach, describe, expect, it } from 'vitest';
import { HidQrScanner } from '../../../drivers/qrscanner/hid-qr-scanner.js';
import type { Scan } from '../../../drivers/qrscanner/scan.js';
import { SerialQrScanner } from '../../../drivers/qrscanner/serial-qr-scanner.js';
import { createMemoryPair } from '../../../firmware-bridge/transport/memory-transport.js';
import { SerialTransport } from '../../../firmware-bridge/transport/serial-transport.js';
import { openPtyPair } from '../../../simulator/pty/pty-pair.js';
import { wedgeReports } from './wedge-reports.js';

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step().catch(() => undefined);
});

function scans(scanner: { on(event: 'scan', f: (s: Scan) => void): unknown }, count: number): Promise<Scan[]> {
  const got: Scan[] = [];
  return new Promise((resolve) =>
    scanner.on('scan', (s: Scan) => {
      got.push(s);
      if (got.length === count) resolve(got);
    }),
  );
}

describe('QR scanner, serial mode', () => {
  it('emits one scan per CR-terminated line over a real pty, UTF-8 Chinese intact', async () => {
    const pair = await openPtyPair();
    cleanup.push(() => pair.close());
    const transport = new SerialTransport({ path: pair.hostPath, baudRate: 9600 });
    await transport.open();
    cleanup.push(() => transport.close());
    const device = await new Promise<SerialPort>((resolve, reject) => {
      const p = new SerialPort({ path: pair.devicePath, baudRate: 9600 }, (e) => (e ? reject(e) : resolve(p)));
    });
    cleanup.push(() => new Promise((r) => device.close(() => r(undefined))));
    const scanner = new SerialQrScanner(transport);
    const got = scans(scanner, 2);
    device.write(Buffer.from('https://verify.example.gov.cn/s?id=42\r浙江省杭州市市民中心\r', 'utf8'));
    expect((await got).map((s) => [s.text, s.mode])).toEqual([
      ['https://verify.example.gov.cn/s?id=42', 'serial'],
      ['浙江省杭州市市民中心', 'serial'],
    ]);
  });

  it('reads GB18030 scanners when told to', async () => {
    const [host, device] = createMemoryPair('qr');
    const scanner = new SerialQrScanner(host, { encoding: 'gb18030' });
    const got = scans(scanner, 1);
    await device.write(Buffer.concat([iconv.encode('政务服务', 'gb18030'), Buffer.from([0x0d])]));
    expect((await got)[0]?.text).toBe('政务服务');
  });

  it('reports a runaway line as scan-error FRAME_TOO_LONG and keeps scanning', async () => {
    const [host, device] = createMemoryPair('qr');
    const scanner = new SerialQrScanner(host, { maxLength: 32 });
    const errors: unknown[] = [];
    scanner.on('scan-error', (e) => errors.push(e));
    const got = scans(scanner, 1);
    await device.write(Buffer.concat([Buffer.alloc(100, 0x41), Buffer.from('\rOK\r')]));
    expect((await got)[0]?.text).toBe('OK');
    expect(errors).toMatchObject([{ code: 'FRAME_TOO_LONG' }]);
  });

  it('next() resolves with the next scan and rejects when the scanner is unplugged', async () => {
    const [host, device] = createMemoryPair('qr');
    const scanner = new SerialQrScanner(host);
    const first = scanner.next();
    await device.write(Buffer.from('A1\r'));
    expect((await first).text).toBe('A1');
    const second = scanner.next();
    await device.close();
    await expect(second).rejects.toMatchObject({ code: 'DEVICE_DISCONNECTED' });
  });
});

describe('QR scanner, HID keyboard-wedge mode', () => {
  it('emits scans typed as HID reports, Chinese via UTF-8 Alt codes', async () => {
    const [host, device] = createMemoryPair('hid');
    const scanner = new HidQrScanner(host);
    const got = scans(scanner, 2);
    for (const report of [...wedgeReports('SEAL-0042'), ...wedgeReports('核验码:甲乙丙')]) await device.write(report);
    expect((await got).map((s) => [s.text, s.mode])).toEqual([
      ['SEAL-0042', 'keyboard-wedge'],
      ['核验码:甲乙丙', 'keyboard-wedge'],
    ]);
  });

  it('strips a leading report id when reports are 9 bytes', async () => {
    const [host, device] = createMemoryPair('hid');
    const scanner = new HidQrScanner(host, { reportLength: 9 });
    const got = scans(scanner, 1);
    // several reports in one chunk, each with report id 1
    await device.write(Buffer.concat(wedgeReports('Ab9').map((r) => Buffer.concat([Buffer.from([1]), r]))));
    expect((await got)[0]?.text).toBe('Ab9');
  });
});
