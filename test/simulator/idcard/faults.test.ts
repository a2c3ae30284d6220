import { afterEach, describe, expect, it } from 'vitest';
import { stat } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { startIdCardReader, type IdCardReader } from '../../../simulator/idcard/index.js';
import { sampleIdentity, samCommands, samReplies, sampleReadTextPhotoReply, samplePhoto } from '../../../simulator/golden/sam-vectors.js';
import { checksumOk, SamHost } from './sam-host.js';

describe('ID-card reader simulator fault injection', () => {
  let reader: IdCardReader | undefined;
  let host: SamHost | undefined;
  afterEach(async () => {
    await host?.close();
    await reader?.close();
  });

  async function start(): Promise<[IdCardReader, SamHost]> {
    reader = await startIdCardReader({ identity: { ...sampleIdentity, photo: samplePhoto } });
    host = await SamHost.open(reader.hostPath);
    return [reader, host];
  }

  it('answers late when told to be slow', async () => {
    const [r, h] = await start();
    r.setFault({ delayMs: 300 });
    const started = performance.now();
    expect(await h.exchange(samCommands.findCard)).toEqual(samReplies.findCardOk);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('corrupts exactly the next N checksums, then answers correctly again', async () => {
    const [r, h] = await start();
    r.setFault({ corruptChecksums: 2 });
    const first = await h.exchange(samCommands.findCard);
    const second = await h.exchange(samCommands.selectCard);
    expect([checksumOk(first), checksumOk(second)]).toEqual([false, false]);
    expect(first.subarray(0, -1)).toEqual(samReplies.findCardOk.subarray(0, -1)); // only the checksum is wrong
    expect(await h.exchange(samCommands.findCard)).toEqual(samReplies.findCardOk);
  });

  it('stays silent for the next command when told to', async () => {
    const [r, h] = await start();
    r.setFault({ silent: 1 });
    await h.send(samCommands.findCard);
    await sleep(200);
    expect(h.buffered.length).toBe(0);
    expect(await h.exchange(samCommands.findCard)).toEqual(samReplies.findCardOk);
  });

  it('puts garbage on the wire before the next reply', async () => {
    const [r, h] = await start();
    r.setFault({ garbage: Buffer.from([0x01, 0x02, 0xaa, 0x96, 0x69]) });
    await h.send(samCommands.findCard);
    const { frame, noise } = await h.reply();
    expect(noise).toEqual(Buffer.from([0x01, 0x02, 0xaa, 0x96, 0x69]));
    expect(frame).toEqual(samReplies.findCardOk);
  });

  it('replies with garbage instead of a frame when told to, then recovers', async () => {
    const [r, h] = await start();
    r.setFault({ garbageInstead: 1 });
    await h.send(samCommands.findCard);
    await sleep(150);
    expect(h.buffered.length).toBe(samReplies.findCardOk.length);
    expect(h.buffered.includes(0xaa)).toBe(false);
    await h.send(samCommands.findCard);
    const { frame, noise } = await h.reply(); // the garbage holds no preamble, so it is all noise
    expect(noise.length).toBe(samReplies.findCardOk.length);
    expect(frame).toEqual(samReplies.findCardOk);
  });

  it('pulls the cable in the middle of a card read: part of the reply, then the port is gone', async () => {
    const [r, h] = await start();
    r.setFault({ unplugMidRead: 600 });
    await h.send(samCommands.readTextPhoto);
    await expect(h.reply(800)).rejects.toThrow(/no whole reply/);
    expect(h.buffered).toEqual(sampleReadTextPhotoReply.subarray(0, 600));
    await expect(stat(r.hostPath)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('paces a card read at 115200 baud when asked (1,295 bytes ≈ 112 ms on the wire)', async () => {
    reader = await startIdCardReader({ identity: { ...sampleIdentity, photo: samplePhoto }, pace: true });
    host = await SamHost.open(reader.hostPath);
    const started = performance.now();
    expect(await host.exchange(samCommands.readTextPhoto)).toEqual(sampleReadTextPhotoReply);
    expect(performance.now() - started).toBeGreaterThanOrEqual(105);
  });
});
