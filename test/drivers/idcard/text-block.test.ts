import { describe, expect, it } from 'vitest';
import { NATION_COUNT, nationName } from '../../../drivers/idcard/nations.js';
import { parseTextBlock } from '../../../drivers/idcard/text-block.js';
import { ZHANG, textBlock, type Identity } from './fixtures.js';

describe('ID card text block', () => {
  it('parses every field of a card with 长期 validity', () => {
    const card = parseTextBlock(textBlock(ZHANG));
    expect(card).toMatchObject({
      name: '张晓梅',
      sex: 'female',
      nation: { code: '01', name: '汉' },
      birthDate: '1949-12-31',
      address: '北京市东城区景山前街4号院3号楼2单元501室',
      issuingAuthority: '北京市公安局东城分局',
      validFrom: '2015-01-01',
      validTo: 'long-term',
    });
    expect(card.idNumber.reveal()).toBe('11010519491231002X');
  });

  it('parses a dated validity, a male holder, and a 35-character address filling its field', () => {
    const address = '新疆维吾尔自治区伊犁哈萨克自治州察布查尔锡伯自治县孙扎齐牛录镇幸福路1';
    expect(address.length).toBe(35); // 70 bytes: no padding left
    const id: Identity = { ...ZHANG, sex: '1', nation: '38', birth: '18800101', idNumber: '440524188001010014', validTo: '20350101', address };
    const card = parseTextBlock(textBlock(id));
    expect(card.sex).toBe('male');
    expect(card.nation).toEqual({ code: '38', name: '锡伯' });
    expect(card.validTo).toBe('2035-01-01');
    expect(card.address).toBe(address);
  });

  it('names all 56 nationalities and no 57th', () => {
    expect(NATION_COUNT).toBe(56);
    expect(nationName('01')).toBe('汉');
    expect(nationName('56')).toBe('基诺');
    expect(nationName('05')).toBe('维吾尔');
    expect(nationName('00')).toBeNull();
    expect(nationName('57')).toBeNull();
    expect(nationName('1')).toBeNull();
  });

  it('rejects an ID number whose birth date differs from the birth field', () => {
    expect(() => parseTextBlock(textBlock({ ...ZHANG, birth: '19491230' }))).toThrow(
      expect.objectContaining({ code: 'ID_NUMBER_INVALID', details: { reason: 'birth date differs from the card text' } }),
    );
  });

  it('rejects an ID number with a wrong check character', () => {
    expect(() => parseTextBlock(textBlock({ ...ZHANG, idNumber: '110105194912310021' }))).toThrow(
      expect.objectContaining({ code: 'ID_NUMBER_INVALID' }),
    );
  });

  it.each([
    ['sex', { sex: '3' }],
    ['nation', { nation: '99' }],
    ['birth', { birth: '19491332' }],
    ['valid to', { validTo: '20351' }],
    ['name', { name: '' }],
  ] as const)('reports a garbled %s field as CARD_READ_FAILED', (field, change) => {
    expect(() => parseTextBlock(textBlock({ ...ZHANG, ...change }))).toThrow(
      expect.objectContaining({ code: 'CARD_READ_FAILED', details: { field } }),
    );
  });

  it('rejects a block of the wrong size', () => {
    expect(() => parseTextBlock(Buffer.alloc(255))).toThrow(expect.objectContaining({ code: 'CARD_READ_FAILED' }));
  });
});
