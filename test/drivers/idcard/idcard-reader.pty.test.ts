import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SerialPort } from 'serialport';
import { afterEach, describe, expect, it } from 'vitest';
import { IdCardReader } from '../../../drivers/idcard/idcard-reader.js';
import { subjectHash } from '../../../drivers/idcard/subject-hash.js';
import { DeviceWatcher } from '../../../firmware-bridge/discovery/device-watcher.js';
import { KeepOpen } from '../../../firmware-bridge/discovery/keep-open.js';
import { pathLister } from '../../../firmware-bridge/discovery/serial-listers.js';
import { SerialTransport } from '../../../firmware-bridge/transport/serial-transport.js';
import type { Transport } from '../../../firmware-bridge/transport/transport.js';
import { openPtyPair } from '../../../simulator/pty/pty-pair.js';
import { PHOTO, REPLY, ZHANG, readReply } from './fixtures.js';
import { playReader } from './play-reader.js';

// Integration: the real driver on a real pty (socat) opened with serialport; the test plays the
// reader on the other end with the golden frames of protocols.md.

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step().catch(() => undefined);
});

async function wire() {
  const pair = await openPtyPair();
  cleanup.push(() => pair.close());
  const device = await new Promise<SerialPort>((resolve, reject) => {
    const p = new SerialPort({ path: pair.devicePath, baudRate: 115200 }, (e) => (e ? reject(e) : resolve(p)));
  });
  device.on('error', () => undefined);
  cleanup.push(() => new Promise((r) => (device.isOpen ? device.close(() => r(undefined)) : r(undefined))));
  const reader = await IdCardReader.open(pair.hostPath, { timeoutMs: 2000 });
  cleanup.push(() => reader.close());
  return { pair, device, reader };
}

/** Writes a reply in small pieces with gaps, as a slow UART would deliver it. */
function dribble(device: SerialPort, bytes: Buffer, piece = 64): Promise<undefined> {
  return (async () => {
    for (let i = 0; i < bytes.length; i += piece) {
      device.write(bytes.subarray(i, i + piece));
      await new Promise((r) => setTimeout(r, 1));
    }
    return undefined;
  })();
}

describe('ID card reader over a real pty', () => {
  it('reads the card from golden frames, the 1,295-byte reply arriving in pieces', async () => {
    const { device, reader } = await wire();
    const seen = playReader(device, {
      findCard: REPLY.cardFound,
      selectCard: REPLY.selected,
      readTextAndPhoto: () => dribble(device, readReply()),
    });
    const card = await reader.readCard();
    expect(seen).toEqual(['findCard', 'selectCard', 'readTextAndPhoto']);
    expect(card).toMatchObject({ name: '张晓梅', sex: 'female', nation: { name: '汉' }, birthDate: '1949-12-31', validTo: 'long-term' });
    expect(card.photo.equals(PHOTO)).toBe(true);
    expect(subjectHash(card.idNumber, 'hall-7-terminal-salt')).toBe(subjectHash(ZHANG.idNumber, 'hall-7-terminal-salt'));
  });

  it('skips line noise before the reply', async () => {
    const { device, reader } = await wire();
    playReader(device, { findCard: Buffer.concat([Buffer.from([0x00, 0xaa, 0xaa, 0x13, 0x96, 0x69]), REPLY.cardFound]) });
    await expect(reader.findCard()).resolves.toBeUndefined();
  });

  it('answers NO_CARD from the reader over the wire', async () => {
    const { device, reader } = await wire();
    playReader(device, { findCard: REPLY.noCard });
    await expect(reader.readCard()).rejects.toMatchObject({ code: 'NO_CARD' });
  });

  it('fails with DEVICE_DISCONNECTED within 2 s when the reader is unplugged mid-read', async () => {
    const { pair, device, reader } = await wire();
    playReader(device, {
      readTextAndPhoto: () => {
        // half the reply, then the cable goes
        device.write(readReply().subarray(0, 600), () => void pair.close());
        return undefined;
      },
    });
    const started = Date.now();
    await expect(reader.readTextAndPhoto()).rejects.toMatchObject({ code: 'DEVICE_DISCONNECTED' });
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe('ID card reader kept open across unplug and replug', () => {
  it('reads again on the same path after the reader was unplugged and plugged back in', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sealdesk-idreplug-'));
    cleanup.push(() => rm(dir, { recursive: true, force: true }));
    const path = join(dir, 'idcard-host');
    const watcher = new DeviceWatcher([pathLister([join(dir, 'idcard-*')])], { intervalMs: 50 });
    const keeper = new KeepOpen({ watcher, path, transport: () => new SerialTransport({ path, watchIntervalMs: 50 }), retryMs: 50 });
    keeper.on('error', () => undefined);
    cleanup.push(async () => {
      watcher.stop();
      await keeper.stop();
    });
    await watcher.start();
    keeper.start();

    const plugIn = async () => {
      const opened = new Promise<Transport>((resolve) => keeper.once('open', resolve));
      const pair = await openPtyPair({ dir, name: 'idcard' });
      const device = await new Promise<SerialPort>((resolve, reject) => {
        const p = new SerialPort({ path: pair.devicePath, baudRate: 115200 }, (e) => (e ? reject(e) : resolve(p)));
      });
      device.on('error', () => undefined);
      cleanup.push(() => new Promise((r) => (device.isOpen ? device.close(() => r(undefined)) : r(undefined))));
      playReader(device, { findCard: REPLY.cardFound, selectCard: REPLY.selected, readTextAndPhoto: readReply() });
      return { pair, device, reader: IdCardReader.on(await opened) };
    };

    const first = await plugIn();
    expect((await first.reader.readCard()).name).toBe('张晓梅');
    const lost = new Promise((resolve) => keeper.once('lost', resolve));
    await first.pair.close();
    await lost;
    await expect(first.reader.readCard()).rejects.toMatchObject({ code: 'DEVICE_DISCONNECTED' });

    const second = await plugIn();
    cleanup.push(() => second.pair.close());
    expect((await second.reader.readCard()).name).toBe('张晓梅');
  });
});
