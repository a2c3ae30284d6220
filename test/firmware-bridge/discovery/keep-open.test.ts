import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SerialPort } from 'serialport';
import { afterEach, describe, expect, it } from 'vitest';
import { DeviceWatcher } from '../../../firmware-bridge/discovery/device-watcher.js';
import { KeepOpen } from '../../../firmware-bridge/discovery/keep-open.js';
import { pathLister } from '../../../firmware-bridge/discovery/serial-listers.js';
import { SerialTransport } from '../../../firmware-bridge/transport/serial-transport.js';
import type { Transport } from '../../../firmware-bridge/transport/transport.js';
import { openPtyPair } from '../../../simulator/pty/pty-pair.js';

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step().catch(() => undefined);
});

function once<T>(emitter: KeepOpen, event: string): Promise<T> {
  return new Promise((resolve) => emitter.once(event, resolve));
}

async function roundTrip(transport: Transport, devicePath: string): Promise<Buffer> {
  const device = await new Promise<SerialPort>((resolve, reject) => {
    const p = new SerialPort({ path: devicePath, baudRate: 115200 }, (e) => (e ? reject(e) : resolve(p)));
  });
  device.on('error', () => undefined);
  cleanup.push(() => new Promise((r) => (device.isOpen ? device.close(() => r(undefined)) : r(undefined))));
  const got = new Promise<Buffer>((resolve) => device.once('data', resolve));
  await transport.write(Buffer.from('ping'));
  return got;
}

describe('keep open across unplug and replug', () => {
  it('opens the device, reports it lost when unplugged, and reopens it when it comes back', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sealdesk-keep-'));
    cleanup.push(() => rm(dir, { recursive: true, force: true }));
    const path = join(dir, 'reader-host');
    const watcher = new DeviceWatcher([pathLister([path])], { intervalMs: 50 });
    const keeper = new KeepOpen({ watcher, path, transport: () => new SerialTransport({ path, watchIntervalMs: 50 }), retryMs: 50 });
    keeper.on('error', () => undefined); // open attempts racing the unplug are expected
    cleanup.push(async () => {
      watcher.stop();
      await keeper.stop();
    });
    await watcher.start();
    keeper.start();

    const firstPair = await openPtyPair({ dir, name: 'reader' });
    const first = await once<Transport>(keeper, 'open');
    expect((await roundTrip(first, firstPair.devicePath)).toString()).toBe('ping');

    const lost = once<unknown>(keeper, 'lost');
    await firstPair.close();
    expect(await lost).toMatchObject({ code: 'DEVICE_DISCONNECTED' });
    expect(keeper.transport).toBeUndefined();

    const reopened = once<Transport>(keeper, 'open');
    const secondPair = await openPtyPair({ dir, name: 'reader' });
    cleanup.push(() => secondPair.close());
    const second = await reopened;
    expect(second).not.toBe(first);
    expect((await roundTrip(second, secondPair.devicePath)).toString()).toBe('ping');
  });
});
