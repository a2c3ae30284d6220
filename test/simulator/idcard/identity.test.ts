import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  idCheckCharacter,
  makeIdNumber,
  sampleCitizen,
  startIdCardReader,
  withWrongCheckCharacter,
  type IdCardReader,
} from '../../../simulator/idcard/index.js';
import { samCommands, sampleIdentity, TEXT_FIELDS } from '../../../simulator/golden/sam-vectors.js';
import { isSealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import { field, SamHost } from './sam-host.js';

describe('ID numbers for tests (GB 11643)', () => {
  it('gives X for the standard’s own example 11010519491231002X', () => {
    expect(idCheckCharacter('11010519491231002')).toBe('X');
  });

  it('makes the golden sample’s number and keeps the sequence parity to the sex', () => {
    expect(makeIdNumber({ region: '330106', birth: '19900307', sequence: 123, sex: '1' })).toBe(sampleIdentity.idNumber);
    expect(Number(makeIdNumber({ sex: '2', sequence: 123 }).slice(14, 17)) % 2).toBe(0);
    expect(Number(makeIdNumber({ sex: '1', sequence: 124 }).slice(14, 17)) % 2).toBe(1);
  });

  it('spoils only the check character', () => {
    const bad = withWrongCheckCharacter(sampleIdentity.idNumber);
    expect(bad.slice(0, 17)).toBe(sampleIdentity.idNumber.slice(0, 17));
    expect(bad[17]).not.toBe(idCheckCharacter(bad.slice(0, 17)));
  });
});

describe('ID-card reader simulator encodes any configured identity into the text block', () => {
  let reader: IdCardReader;
  let host: SamHost;
  beforeAll(async () => {
    reader = await startIdCardReader();
    host = await SamHost.open(reader.hostPath);
  });
  afterAll(async () => {
    await host.close();
    await reader.close();
  });

  async function readText(): Promise<Buffer> {
    const reply = await host.exchange(samCommands.readTextPhoto);
    expect(reply.length).toBe(1295);
    return reply.subarray(14, 14 + 256);
  }

  it('puts each field at its offset: 长期 validity, a 35-character address, female, nation 56', async () => {
    const address = '新疆维吾尔自治区乌鲁木齐市天山区人民路街道解放北路社区一二三四五六七号'.slice(0, 35);
    expect(address.length).toBe(35);
    const citizen = sampleCitizen({ address, nation: '56', validTo: '长期' });
    reader.insertCard(citizen);
    const text = await readText();
    const read = (name: keyof typeof TEXT_FIELDS): string => field(text, TEXT_FIELDS[name].offset, TEXT_FIELDS[name].length);
    expect(read('name')).toBe(citizen.name);
    expect(read('sex')).toBe('2');
    expect(read('nation')).toBe('56');
    expect(read('birth')).toBe(citizen.birth);
    expect(read('address')).toBe(address);
    expect(read('idNumber')).toBe(citizen.idNumber);
    expect(read('authority')).toBe(citizen.authority);
    expect(read('validFrom')).toBe(citizen.validFrom);
    expect(read('validTo')).toBe('长期');
    expect(text.subarray(208, 220).toString('utf16le')).toBe('      '); // 长期 is padded with spaces
    expect(read('reserved')).toBe('');
  });

  it('sends an ID number with a wrong check character as it is (the host must catch it)', async () => {
    const idNumber = withWrongCheckCharacter(makeIdNumber());
    reader.insertCard(sampleCitizen({ idNumber }));
    const text = await readText();
    expect(field(text, 122, 36)).toBe(idNumber);
  });

  it('sends the configured photo bytes unchanged', async () => {
    const photo = Buffer.from(Array.from({ length: 1024 }, (_, i) => (255 - i) & 0xff));
    reader.insertCard(sampleCitizen({ photo }));
    const reply = await host.exchange(samCommands.readTextPhoto);
    expect(reply.subarray(270, 270 + 1024)).toEqual(photo);
  });

  it('refuses a card whose address does not fit the 70-byte field', () => {
    let error: unknown;
    try {
      reader.insertCard(sampleCitizen({ address: '一'.repeat(36) }));
    } catch (e) {
      error = e;
    }
    expect(isSealdeskError(error, 'INPUT_INVALID')).toBe(true);
  });
});
