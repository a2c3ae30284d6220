import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { IdCardReader } from '../../../drivers/idcard/idcard-reader.js';
import { createMemoryPair } from '../../../firmware-bridge/transport/memory-transport.js';
import { PHOTO, REPLY, ZHANG, frame, hex, readReply } from './fixtures.js';
import { playReader } from './play-reader.js';

function setup(options: { timeoutMs?: number } = {}) {
  const [host, device] = createMemoryPair('idcard');
  return { reader: IdCardReader.on(host, options), device };
}

describe('ID card reader driver (in-memory wire)', () => {
  it('reads a card: find, select, read; fields parsed, photo kept as the 1,024 bytes sent', async () => {
    const { reader, device } = setup();
    const seen = playReader(device, { findCard: REPLY.cardFound, selectCard: REPLY.selected, readTextAndPhoto: readReply() });
    const card = await reader.readCard();
    expect(seen).toEqual(['findCard', 'selectCard', 'readTextAndPhoto']);
    expect(card.name).toBe('张晓梅');
    expect(card.validTo).toBe('long-term');
    expect(card.idNumber.reveal()).toBe(ZHANG.idNumber);
    expect(card.photo).toEqual(PHOTO);
    // a card logged by mistake does not show the number
    expect(inspect(card) + JSON.stringify(card)).not.toContain(ZHANG.idNumber);
  });

  it('answers NO_CARD when the reader finds no card', async () => {
    const { reader, device } = setup();
    playReader(device, { findCard: REPLY.noCard });
    await expect(reader.readCard()).rejects.toMatchObject({ code: 'NO_CARD' });
  });

  it('answers CARD_READ_FAILED when select or read fails', async () => {
    const { reader, device } = setup();
    playReader(device, { findCard: REPLY.cardFound, selectCard: REPLY.selectFailed });
    await expect(reader.readCard()).rejects.toMatchObject({ code: 'CARD_READ_FAILED' });
    const second = setup();
    playReader(second.device, { readTextAndPhoto: REPLY.readFailed });
    await expect(second.reader.readTextAndPhoto()).rejects.toMatchObject({ code: 'CARD_READ_FAILED' });
  });

  it('answers ID_NUMBER_INVALID for a card whose number fails its check', async () => {
    const { reader, device } = setup();
    playReader(device, { readTextAndPhoto: readReply({ ...ZHANG, idNumber: '110105194912310021' }) });
    await expect(reader.readTextAndPhoto()).rejects.toMatchObject({ code: 'ID_NUMBER_INVALID' });
  });

  it('resends a request the reader received corrupted, then succeeds', async () => {
    const { reader, device } = setup();
    const seen = playReader(device, { findCard: (n) => (n === 1 ? REPLY.badChecksumSeen : REPLY.cardFound) });
    await reader.findCard();
    expect(seen).toEqual(['findCard', 'findCard']);
  });

  it('gives FRAME_CHECKSUM when replies keep arriving corrupted', async () => {
    const { reader, device } = setup();
    const corrupted = readReply();
    corrupted.writeUInt8((corrupted[600] as number) ^ 0x01, 600);
    const seen = playReader(device, { readTextAndPhoto: corrupted });
    await expect(reader.readTextAndPhoto()).rejects.toMatchObject({ code: 'FRAME_CHECKSUM' });
    expect(seen).toHaveLength(3);
  });

  it('times out with DEVICE_TIMEOUT when the reader stays silent', async () => {
    const { reader, device } = setup({ timeoutMs: 150 });
    playReader(device, {});
    await expect(reader.samStatus()).rejects.toMatchObject({ code: 'DEVICE_TIMEOUT' });
  });

  it('resets the SAM, reads its status and id', async () => {
    const { reader, device } = setup();
    playReader(device, { resetSam: REPLY.ok, samStatus: REPLY.ok, readSamId: REPLY.samId });
    await reader.resetSam();
    await reader.samStatus();
    expect(await reader.readSamId()).toBe('05000000010203040506070809' + '0a0b0c');
  });

  it('reports an unknown-command status and a reply of the wrong size as DEVICE_PROTOCOL_ERROR / CARD_READ_FAILED', async () => {
    const { reader, device } = setup();
    playReader(device, { samStatus: REPLY.unknownCommand, readTextAndPhoto: frame(hex('00 00 90 01 00 04 00 00')) });
    await expect(reader.samStatus()).rejects.toMatchObject({ code: 'DEVICE_PROTOCOL_ERROR' });
    await expect(reader.readTextAndPhoto()).rejects.toMatchObject({ code: 'CARD_READ_FAILED' });
  });

  it('cancels a read with DEVICE_CANCELLED', async () => {
    const { reader, device } = setup();
    playReader(device, {});
    const controller = new AbortController();
    const read = reader.readCard({ signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(read).rejects.toMatchObject({ code: 'DEVICE_CANCELLED' });
  });
});
