import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startIdCardReader, type IdCardReader } from '../../../simulator/idcard/index.js';
import { sampleIdentity, samCommands, samplePhoto, samReplies, sampleReadTextPhotoReply } from '../../../simulator/golden/sam-vectors.js';
import { checksumOk, SamHost } from './sam-host.js';

describe('ID-card reader simulator answers the golden frames over a real pty', () => {
  let reader: IdCardReader;
  let host: SamHost;
  beforeEach(async () => {
    reader = await startIdCardReader();
    host = await SamHost.open(reader.hostPath);
  });
  afterEach(async () => {
    await host.close();
    await reader.close();
  });

  it('answers reset and SAM status with the plain success frame', async () => {
    expect(await host.exchange(samCommands.resetSam)).toEqual(samReplies.success);
    expect(await host.exchange(samCommands.samStatus)).toEqual(samReplies.success);
  });

  it('gives a 16-byte SAM id in a well-formed success frame', async () => {
    const frame = await host.exchange(samCommands.readSamId);
    expect(frame.readUInt16BE(5)).toBe(3 + 16 + 1);
    expect([...frame.subarray(7, 10)]).toEqual([0x00, 0x00, 0x90]);
    expect(checksumOk(frame)).toBe(true);
  });

  it('says "no card" to find, select and read while the reader is empty', async () => {
    expect(await host.exchange(samCommands.findCard)).toEqual(samReplies.findCardNoCard);
    expect(await host.exchange(samCommands.selectCard)).toEqual(samReplies.selectCardFailed);
    expect(await host.exchange(samCommands.readTextPhoto)).toEqual(samReplies.readFailed);
  });

  it('reads the sample card byte for byte as the 1,295-byte golden reply', async () => {
    reader.insertCard({ ...sampleIdentity, photo: samplePhoto });
    expect(await host.exchange(samCommands.findCard)).toEqual(samReplies.findCardOk);
    expect(await host.exchange(samCommands.selectCard)).toEqual(samReplies.selectCardOk);
    const reply = await host.exchange(samCommands.readTextPhoto);
    expect(reply.length).toBe(1295);
    expect(reply).toEqual(sampleReadTextPhotoReply);
  });

  it('forgets the card when it is taken away', async () => {
    reader.insertCard({ ...sampleIdentity });
    expect(await host.exchange(samCommands.findCard)).toEqual(samReplies.findCardOk);
    reader.removeCard();
    expect(await host.exchange(samCommands.findCard)).toEqual(samReplies.findCardNoCard);
  });

  it('answers read newest address with the 70-byte address field', async () => {
    reader.insertCard({ ...sampleIdentity, newestAddress: '浙江省杭州市滨江区江南大道1号' });
    const frame = await host.exchange(samCommands.readNewestAddress);
    expect(checksumOk(frame)).toBe(true);
    expect(frame.readUInt16BE(5)).toBe(3 + 70 + 1);
    expect(frame.subarray(10, 80).toString('utf16le').trimEnd()).toBe('浙江省杭州市滨江区江南大道1号');
  });

  it('answers text + photo + fingerprint with three lengths and the blocks they announce', async () => {
    reader.insertCard({ ...sampleIdentity, photo: samplePhoto, fingerprint: Buffer.alloc(1024, 0x5f) });
    const frame = await host.exchange(samCommands.readTextPhotoFingerprint);
    expect(checksumOk(frame)).toBe(true);
    expect([frame.readUInt16BE(10), frame.readUInt16BE(12), frame.readUInt16BE(14)]).toEqual([256, 1024, 1024]);
    expect(frame.length).toBe(7 + 3 + 6 + 256 + 1024 + 1024 + 1);
    expect(frame.subarray(16, 16 + 256)).toEqual(sampleReadTextPhotoReply.subarray(14, 14 + 256));
  });
});
