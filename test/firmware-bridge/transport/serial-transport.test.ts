import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SerialPort } from 'serialport';
import { afterEach, describe, expect, it } from 'vitest';
import { SamFrameDecoder } from '../../../firmware-bridge/codec/sam-frame-decoder.js';
import { isSealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import { RequestLink } from '../../../firmware-bridge/link/request-link.js';
import { SerialTransport } from '../../../firmware-bridge/transport/serial-transport.js';
import { openPtyPair, type PtyPair } from '../../../simulator/pty/pty-pair.js';
import { hex } from '../helpers/hex.js';

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step().catch(() => undefined);
});

async function pair(): Promise<PtyPair> {
  const p = await openPtyPair();
  cleanup.push(() => p.close());
  return p;
}

/** The far end, opened as the device would: a plain serialport on the device side of the pty. */
async function deviceEnd(path: string): Promise<SerialPort> {
  const port = await new Promise<SerialPort>((resolve, reject) => {
    const p = new SerialPort({ path, baudRate: 115200 }, (error) => (error ? reject(error) : resolve(p)));
  });
  port.on('error', () => undefined);
  cleanup.push(() => new Promise((r) => (port.isOpen ? port.close(() => r(undefined)) : r(undefined))));
  return port;
}

describe('serial transport over a real pty', () => {
  it('carries bytes both ways', async () => {
    const p = await pair();
    const device = await deviceEnd(p.devicePath);
    const host = new SerialTransport({ path: p.hostPath });
    await host.open();
    cleanup.push(() => host.close());
    expect(host.isOpen).toBe(true);

    const atDevice = new Promise<Buffer>((resolve) => device.once('data', resolve));
    await host.write(hex('AA AA AA 96 69 00 03 20 01 22'));
    expect((await atDevice).toString('hex')).toBe('aaaaaa96690003200122');

    const atHost = new Promise<Buffer>((resolve) => host.once('data', resolve));
    device.write(hex('AA AA AA 96 69 00 04 00 00 90 94'));
    expect((await atHost).toString('hex')).toBe('aaaaaa9669000400009094');
  });

  it('fails to open a path that does not exist with DEVICE_DISCONNECTED', async () => {
    const host = new SerialTransport({ path: '/nonexistent/ttyUSB9' });
    await expect(host.open()).rejects.toMatchObject({ code: 'DEVICE_DISCONNECTED', details: { device: '/nonexistent/ttyUSB9' } });
  });

  it('notices the pty going away with nothing written, and closes with DEVICE_DISCONNECTED', async () => {
    const p = await pair();
    const host = new SerialTransport({ path: p.hostPath, watchIntervalMs: 100 });
    await host.open();
    const closed = new Promise<unknown>((resolve) => host.once('close', resolve));
    await p.close();
    const error = await closed;
    expect(isSealdeskError(error, 'DEVICE_DISCONNECTED')).toBe(true);
    expect(host.isOpen).toBe(false);
  });

  it('sees the node go as it goes, with no poll to wait for (its folder is watched)', async () => {
    const p = await pair();
    const device = await deviceEnd(p.devicePath);
    const host = new SerialTransport({ path: p.hostPath, watchIntervalMs: 3_600_000 });
    await host.open();
    cleanup.push(() => host.close());
    const closed = new Promise<unknown>((resolve) => host.once('close', resolve));
    // half a reply on its way, then the cable goes
    const arrived = new Promise((resolve) => host.once('data', resolve));
    device.write(hex('AA AA AA 96 69 05 08 00 00 90'));
    await arrived;
    await p.close();
    const error = await Promise.race([closed, new Promise((resolve) => setTimeout(() => resolve('still open after 5 s'), 5_000))]);
    expect(isSealdeskError(error, 'DEVICE_DISCONNECTED')).toBe(true);
    expect(host.isOpen).toBe(false);
  });

  it('fails a pending request with DEVICE_DISCONNECTED within 2 s when the device is unplugged mid-request', async () => {
    const p = await pair();
    const device = await deviceEnd(p.devicePath);
    const host = new SerialTransport({ path: p.hostPath });
    await host.open();
    const link = new RequestLink({ transport: host, decoder: new SamFrameDecoder(), timeoutMs: 30_000 });
    // The device starts answering (a half frame), then the cable is pulled.
    device.on('data', () => {
      device.write(hex('AA AA AA 96 69 05 08 00 00 90'), () => void p.close());
    });
    const started = Date.now();
    const pending = link.request(hex('AA AA AA 96 69 00 03 30 01 32'));
    await expect(pending).rejects.toMatchObject({ code: 'DEVICE_DISCONNECTED' });
    expect(Date.now() - started).toBeLessThan(2000);
    // and the next request fails at once rather than waiting for its timeout
    await expect(link.request(hex('AA AA AA 96 69 00 03 20 01 22'))).rejects.toMatchObject({ code: 'DEVICE_DISCONNECTED' });
  });

  it('treats a pty re-created at the same path as a new device (unplug then replug)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sealdesk-serial-'));
    cleanup.push(() => rm(dir, { recursive: true, force: true }));
    const p = await openPtyPair({ dir });
    const host = new SerialTransport({ path: p.hostPath, watchIntervalMs: 50 });
    await host.open();
    const closed = new Promise<unknown>((resolve) => host.once('close', resolve));
    await p.close();
    await closed;
    const again = await openPtyPair({ dir });
    expect(again.hostPath).toBe(p.hostPath);
    cleanup.push(() => again.close());
    await host.open();
    expect(host.isOpen).toBe(true);
    await host.close();
  });
});
