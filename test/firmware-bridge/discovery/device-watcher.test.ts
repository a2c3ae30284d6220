import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DeviceInfo } from '../../../firmware-bridge/discovery/device-info.js';
import { DeviceWatcher } from '../../../firmware-bridge/discovery/device-watcher.js';
import { hidDeviceInfo, hidLister } from '../../../firmware-bridge/discovery/hid-lister.js';
import { pathLister, systemSerialLister } from '../../../firmware-bridge/discovery/serial-listers.js';
import { openPtyPair } from '../../../simulator/pty/pty-pair.js';

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step().catch(() => undefined);
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'sealdesk-disc-'));
  cleanup.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

function record(watcher: DeviceWatcher): string[] {
  const log: string[] = [];
  watcher.on('attach', (d: DeviceInfo) => log.push(`attach ${d.path.split('/').pop()}`));
  watcher.on('detach', (d: DeviceInfo) => log.push(`detach ${d.path.split('/').pop()}`));
  return log;
}

describe('device watcher', () => {
  it('reports a pty appearing and disappearing under a watched glob', async () => {
    const dir = await tempDir();
    const watcher = new DeviceWatcher([pathLister([join(dir, 'idcard-*-host')])], { intervalMs: 50 });
    const log = record(watcher);
    await watcher.start();
    cleanup.push(async () => watcher.stop());
    expect(log).toEqual([]);

    const pair = await openPtyPair({ dir, name: 'idcard-1' });
    await watcher.scan();
    expect(log).toEqual(['attach idcard-1-host']);
    expect(watcher.devices.map((d) => d.kind)).toEqual(['serial']);

    await pair.close();
    await watcher.scan();
    expect(log).toEqual(['attach idcard-1-host', 'detach idcard-1-host']);
  });

  it('reports a device re-created at the same path between scans as detach then attach', async () => {
    const dir = await tempDir();
    const first = await openPtyPair({ dir, name: 'qr' });
    const watcher = new DeviceWatcher([pathLister([join(dir, 'qr-host')])], { intervalMs: 10_000 });
    const log = record(watcher);
    await watcher.start();
    cleanup.push(async () => watcher.stop());
    await first.close();
    const second = await openPtyPair({ dir, name: 'qr' });
    cleanup.push(() => second.close());
    await watcher.scan();
    expect(log).toEqual(['attach qr-host', 'detach qr-host', 'attach qr-host']);
  });

  it('keeps the devices of a failing lister instead of reporting them unplugged', async () => {
    let fail = false;
    const lister = async (): Promise<DeviceInfo[]> => {
      if (fail) throw new Error('udev busy');
      return [{ kind: 'hid', path: 'hid-1' }];
    };
    const watcher = new DeviceWatcher([lister]);
    const log = record(watcher);
    const errors: unknown[] = [];
    watcher.on('error', (e) => errors.push(e));
    await watcher.scan();
    fail = true;
    await watcher.scan();
    expect(log).toEqual(['attach hid-1']);
    expect(errors).toHaveLength(1);
  });

  it('lists the system serial ports without failing (there may be none here)', async () => {
    const ports = await systemSerialLister()();
    expect(Array.isArray(ports)).toBe(true);
    for (const p of ports) expect(p.kind).toBe('serial');
  });

  it('lists HID devices through node-hid without failing (none exist here: no /dev/uhid)', async () => {
    const devices = await hidLister()();
    expect(Array.isArray(devices)).toBe(true);
    for (const d of devices) expect(d.kind).toBe('hid');
  });

  it('maps node-hid listings, dropping those without a path', () => {
    expect(hidDeviceInfo({ vendorId: 0x0c2e, productId: 0x0b61, path: '/dev/hidraw3', product: 'Scanner' })).toEqual({
      kind: 'hid',
      path: '/dev/hidraw3',
      vendorId: 0x0c2e,
      productId: 0x0b61,
      product: 'Scanner',
    });
    expect(hidDeviceInfo({ vendorId: 1, productId: 2 })).toBeUndefined();
  });
});
