import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { startIdCardReader, type IdCardReader } from '../../../simulator/idcard/index.js';
import { sampleIdentity, samCommands, samReplies } from '../../../simulator/golden/sam-vectors.js';
import { hostFrame, SamHost } from './sam-host.js';

describe('ID-card reader simulator on bad host frames', () => {
  let reader: IdCardReader;
  let host: SamHost;
  beforeEach(async () => {
    reader = await startIdCardReader({ identity: { ...sampleIdentity } });
    host = await SamHost.open(reader.hostPath);
  });
  afterEach(async () => {
    await host.close();
    await reader.close();
  });

  it('answers a bad checksum with SW3 10', async () => {
    expect(await host.exchange(hostFrame([0x20, 0x01], { spoil: true }))).toEqual(samReplies.badChecksum);
  });

  it('still answers SW3 10 when the bad checksum byte looks like the start of a preamble', async () => {
    const frame = Buffer.from([0xaa, 0xaa, 0xaa, 0x96, 0x69, 0x00, 0x03, 0x20, 0x01, 0xaa]);
    expect(await host.exchange(frame, 1000)).toEqual(samReplies.badChecksum);
  });

  it('answers a well-checksummed frame of the wrong length with SW3 11', async () => {
    expect(await host.exchange(hostFrame([0x20, 0x01, 0x00, 0x00]))).toEqual(samReplies.badLength);
  });

  it('answers an absurd LEN at once with SW3 11 instead of waiting for 64 KiB', async () => {
    const started = Date.now();
    expect(await host.exchange(Buffer.from([0xaa, 0xaa, 0xaa, 0x96, 0x69, 0xff, 0xff]), 500)).toEqual(samReplies.badLength);
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('answers an unknown command with SW3 21', async () => {
    expect(await host.exchange(hostFrame([0x40, 0x01]))).toEqual(samReplies.unknownCommand);
    expect(await host.exchange(hostFrame([0x20, 0x07]))).toEqual(samReplies.unknownCommand);
  });

  it('skips noise in front of a frame and answers the frame', async () => {
    const noise = Buffer.from([0x00, 0xff, 0xaa, 0x96, 0x13, 0xaa, 0xaa, 0x37]);
    expect(await host.exchange(Buffer.concat([noise, samCommands.findCard]))).toEqual(samReplies.findCardOk);
    expect(reader.log).toEqual(['cmd 20 01']);
  });

  it('drops a half frame the host abandoned and answers the next whole one', async () => {
    await host.send(samCommands.readTextPhoto.subarray(0, 8));
    await sleep(250); // longer than the reader's inter-byte timeout
    expect(await host.exchange(samCommands.findCard)).toEqual(samReplies.findCardOk);
    expect(reader.log).toEqual(['cmd 20 01']);
  });

  it('resynchronises on a truncated frame followed at once by a good one', async () => {
    await host.send(Buffer.concat([samCommands.selectCard.subarray(0, 8), samCommands.findCard]));
    expect((await host.reply()).frame).toEqual(samReplies.findCardOk);
    await sleep(50);
    expect(host.buffered.length).toBe(0); // no second, spurious answer
  });

  it('survives a burst of random bytes and still answers', async () => {
    const noise = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 97 + 13) & 0xff));
    await host.send(noise);
    await sleep(150);
    expect(await host.exchange(samCommands.findCard)).toEqual(samReplies.findCardOk);
  });
});
