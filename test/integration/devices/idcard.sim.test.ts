import { afterEach, describe, expect, it } from 'vitest';
import { IdCardReader } from '../../../drivers/idcard/idcard-reader.js';
import { makeIdNumber, sampleCitizen, startIdCardReader, withWrongCheckCharacter, type IdCardReaderOptions } from '../../../simulator/idcard/index.js';
import { failure } from '../../helpers/failure.js';

// The ID-card driver against the independently written reader simulator, over a real socat pty.

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step().catch(() => undefined);
});

async function rig(options: IdCardReaderOptions, timeoutMs = 2000) {
  const sim = await startIdCardReader(options);
  cleanup.push(() => sim.close());
  const reader = await IdCardReader.open(sim.hostPath, { timeoutMs });
  cleanup.push(() => reader.close());
  return { sim, reader };
}

describe('ID card driver ↔ reader simulator over a real pty', () => {
  it('reads a valid card: every field as printed on the card, the number valid and masked when printed', async () => {
    const citizen = sampleCitizen();
    const { sim, reader } = await rig({ identity: citizen });
    const card = await reader.readCard();
    expect(card).toMatchObject({
      name: '李华',
      sex: 'female',
      nation: { code: '01', name: '汉' },
      birthDate: '1985-11-12',
      address: '浙江省杭州市上城区解放路138号',
      issuingAuthority: '杭州市公安局上城分局',
      validFrom: '2010-01-01',
      validTo: 'long-term', // 长期
    });
    expect(card.idNumber.reveal()).toBe(citizen.idNumber);
    expect(JSON.stringify(card)).not.toContain(citizen.idNumber);
    expect(card.photo).toHaveLength(1024);
    expect(sim.log).toEqual(['cmd 20 01', 'cmd 20 02', 'cmd 30 01']);
  });

  it('reads a dated validity and an address filling its whole 35-character field', async () => {
    const address = '新疆维吾尔自治区伊犁哈萨克自治州霍城县清水河镇江苏大道农四师六十二团场七连十一号'.slice(0, 35);
    expect(address).toHaveLength(35);
    const citizen = sampleCitizen({
      name: '买买提·艾力',
      sex: '1',
      nation: '05',
      birth: '19970304',
      idNumber: makeIdNumber({ region: '654023', birth: '19970304', sex: '1' }),
      address,
      validFrom: '20150601',
      validTo: '20250601',
    });
    const { reader } = await rig({ identity: citizen });
    const card = await reader.readCard();
    expect(card).toMatchObject({ name: '买买提·艾力', sex: 'male', nation: { code: '05', name: '维吾尔' }, address, validTo: '2025-06-01' });
  });

  it('an ID number with a wrong check character → ID_NUMBER_INVALID, the number not in the error', async () => {
    const citizen = sampleCitizen();
    const bad = withWrongCheckCharacter(citizen.idNumber);
    const { reader } = await rig({ identity: { ...citizen, idNumber: bad } });
    const error = await failure(reader.readCard());
    expect(error.code).toBe('ID_NUMBER_INVALID');
    expect(error.details).toMatchObject({ reason: 'check character' });
    expect(JSON.stringify(error.toJSON()) + error.message).not.toContain(bad);
  });

  it('no card on the reader → NO_CARD; placing one makes the next read succeed', async () => {
    const { sim, reader } = await rig({});
    const error = await failure(reader.readCard());
    expect(error.code).toBe('NO_CARD');
    expect(error.messageZh).toBe('请将身份证放在读卡区。');
    sim.insertCard(sampleCitizen());
    expect((await reader.readCard()).name).toBe('李华');
    sim.removeCard();
    expect((await failure(reader.readCard())).code).toBe('NO_CARD');
  });

  it('a slow reader within the timeout still reads; one slower than it → DEVICE_TIMEOUT, not a hang', async () => {
    const { sim, reader } = await rig({ identity: sampleCitizen(), faults: { delayMs: 250 } }, 600);
    const started = Date.now();
    expect((await reader.readCard()).name).toBe('李华');
    expect(Date.now() - started).toBeGreaterThanOrEqual(3 * 250);
    sim.setFault({ delayMs: 900 });
    const error = await failure(reader.findCard());
    expect(error.code).toBe('DEVICE_TIMEOUT');
    expect(Date.now() - started).toBeLessThan(4000);
    // the late answer to the timed-out request must not be taken as the answer to the next one
    sim.clearFaults();
    expect((await reader.readCard()).name).toBe('李华');
  });

  it('corrupted reply checksums: retried and read; more corruptions than retries → FRAME_CHECKSUM', async () => {
    const { sim, reader } = await rig({ identity: sampleCitizen(), faults: { corruptChecksums: 2 } });
    expect((await reader.readCard()).name).toBe('李华');
    // find card was sent three times (two corrupted replies), then select and read once each
    expect(sim.log).toEqual(['cmd 20 01', 'cmd 20 01', 'cmd 20 01', 'cmd 20 02', 'cmd 30 01']);

    sim.setFault({ corruptChecksums: 5 });
    const error = await failure(reader.readCard());
    expect(error.code).toBe('FRAME_CHECKSUM');
    sim.clearFaults();
    expect((await reader.readCard()).name).toBe('李华'); // the link recovers once the wire is clean
  });

  it('noise on the wire before a reply is skipped; a reader that stays silent → DEVICE_TIMEOUT, and the next read works', async () => {
    const { sim, reader } = await rig({ identity: sampleCitizen(), faults: { garbage: 300 } }, 500);
    expect((await reader.readCard()).name).toBe('李华');
    sim.setFault({ silent: 1 });
    expect((await failure(reader.findCard())).code).toBe('DEVICE_TIMEOUT');
    expect((await reader.readCard()).name).toBe('李华');
  });

  it('the card taken away between find and read → CARD_READ_FAILED, not a stale card', async () => {
    const { sim, reader } = await rig({ identity: sampleCitizen() });
    await reader.findCard();
    await reader.selectCard();
    sim.removeCard();
    expect((await failure(reader.readTextAndPhoto())).code).toBe('CARD_READ_FAILED');
  });
});
