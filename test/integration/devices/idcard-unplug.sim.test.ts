import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { IdCardReader } from '../../../drivers/idcard/idcard-reader.js';
import { DeviceWatcher } from '../../../firmware-bridge/discovery/device-watcher.js';
import { KeepOpen } from '../../../firmware-bridge/discovery/keep-open.js';
import { pathLister } from '../../../firmware-bridge/discovery/serial-listers.js';
import { SerialTransport } from '../../../firmware-bridge/transport/serial-transport.js';
import type { Transport } from '../../../firmware-bridge/transport/transport.js';
import { sampleCitizen, startIdCardReader } from '../../../simulator/idcard/index.js';
import { failure } from '../../helpers/failure.js';

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step().catch(() => undefined);
});

describe('ID card reader unplugged mid-read and plugged back (real pty, discovery re-opens it)', () => {
  it('DEVICE_DISCONNECTED within 2 s of the cable going, then reads again once it is back', async () => {
    const sim = await startIdCardReader({ identity: sampleCitizen() });
    cleanup.push(() => sim.close());
    const watcher = new DeviceWatcher([pathLister([sim.hostPath])], { intervalMs: 100 });
    cleanup.push(async () => watcher.stop());
    await watcher.start();
    const keep = new KeepOpen({ watcher, path: sim.hostPath, transport: () => new SerialTransport({ path: sim.hostPath, baudRate: 115200 }) });
    cleanup.push(() => keep.stop());
    const openErrors: unknown[] = [];
    keep.on('error', (e: unknown) => openErrors.push(e)); // re-open attempts while the cable is out fail; KeepOpen retries
    const opened = once(keep, 'open') as Promise<[Transport]>;
    keep.start();
    const [first] = await opened;
    const reader = IdCardReader.on(first, { timeoutMs: 10_000 }); // long, so only the unplug can end the read

    sim.setFault({ unplugMidRead: true });
    const started = Date.now();
    const error = await failure(reader.readCard());
    expect(error.code).toBe('DEVICE_DISCONNECTED');
    expect(Date.now() - started).toBeLessThan(2000);
    expect(sim.plugged).toBe(false);
    expect((await failure(reader.readCard())).code).toBe('DEVICE_DISCONNECTED'); // no hang on a dead port either

    const reopened = new Promise<Transport>((resolve) => keep.once('open', resolve));
    await sim.replug();
    const second = await reopened;
    const again = IdCardReader.on(second, { timeoutMs: 2000 });
    const card = await again.readCard();
    expect(card.name).toBe('李华');
    expect(card.idNumber.reveal()).toBe(sampleCitizen().idNumber);
  });
});
