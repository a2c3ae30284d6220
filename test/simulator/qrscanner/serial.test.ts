import { afterEach, describe, expect, it } from 'vitest';
import { SerialPort } from 'serialport';
import { stat } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { startSerialQrScanner, type SerialQrScanner } from '../../../simulator/qrscanner/index.js';

async function openHost(path: string): Promise<{ port: SerialPort; bytes: () => Buffer }> {
  const port = new SerialPort({ path, baudRate: 115200, autoOpen: false });
  await new Promise<void>((resolve, reject) => port.open((e) => (e ? reject(e) : resolve())));
  const chunks: Buffer[] = [];
  port.on('data', (c: Buffer) => chunks.push(c));
  port.on('error', () => undefined);
  return { port, bytes: () => Buffer.concat(chunks) };
}

async function until(check: () => boolean, timeoutMs = 1000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await sleep(5);
  }
}

describe('QR scanner simulator, serial mode over a real pty', () => {
  let scanner: SerialQrScanner | undefined;
  let port: SerialPort | undefined;
  afterEach(async () => {
    if (port?.isOpen) await new Promise<void>((r) => port!.close(() => r()));
    await scanner?.close();
  });

  it('sends each scan as UTF-8 followed by CR, Chinese included', async () => {
    scanner = await startSerialQrScanner();
    const host = await openHost(scanner.hostPath);
    port = host.port;
    await scanner.scan('https://verify.sealdesk.example/?n=王小明');
    await scanner.scan('SEAL-0001');
    const expected = Buffer.from('https://verify.sealdesk.example/?n=王小明\rSEAL-0001\r', 'utf8');
    await until(() => host.bytes().length >= expected.length);
    expect(host.bytes()).toEqual(expected);
  });

  it('uses CR LF when configured so', async () => {
    scanner = await startSerialQrScanner({ suffix: '\r\n' });
    const host = await openHost(scanner.hostPath);
    port = host.port;
    await scanner.scan('A1');
    await until(() => host.bytes().length >= 4);
    expect(host.bytes().toString('utf8')).toBe('A1\r\n');
  });

  it('disappears when unplugged', async () => {
    scanner = await startSerialQrScanner();
    const path = scanner.hostPath;
    await scanner.unplug();
    await expect(stat(path)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
