import { beforeAll, describe, expect, it } from 'vitest';
import { decodeSeal, verifySealMaker } from '../../../appliance/eseals/index.js';
import { makeSeal, sealEsId } from '../../../appliance/seals/make-eseal.js';
import type { Seal } from '../../../appliance/seals/seal.js';
import { interopPath, readInterop } from '../../helpers/interop.js';
import { opensslAsn1Parse, opensslSm2KeyFromP12, opensslSm2Verifies, slice, type OpensslSm2Key } from '../../helpers/openssl-sm2.js';

/**
 * 制章 from a sealdesk seal: its name, type, certificate, validity and picture in a SESeal v4 the
 * maker signs. The maker here is ofdrw's SealBuilder key signing through OpenSSL (a test signer);
 * in the product it is an SM2 key on a GM key through a SealSigner.
 */

let maker: OpensslSm2Key;
let sealKey: OpensslSm2Key;

beforeAll(async () => {
  maker = await opensslSm2KeyFromP12(interopPath('ofdrw/SealBuilder.p12'), '777777');
  sealKey = await opensslSm2KeyFromP12(interopPath('ofdrw/USER.p12'), '777777');
});

function seal(overrides: Partial<Seal> = {}): Seal {
  return {
    id: 'hz-contract-01',
    name: '杭州市测试有限公司合同专用章',
    type: 'contract',
    organisation: { name: '杭州市测试有限公司', uscc: '91330100MA2AXXXX1X' },
    key: { tokenSerial: 'GM0001', tokenLabel: 'seal', keyLabel: 'hz-contract-01' },
    certificateChain: [sealKey.cert],
    certificateSerial: '01',
    certificateIssuer: 'CN=test',
    code: '3301000012345',
    imageSource: 'imported',
    format: 'gbt38540',
    status: 'active',
    statusChangedAt: '2026-12-01T00:00:00.000Z',
    statusReason: null,
    notBefore: '2026-12-01T00:00:00.000Z',
    notAfter: '2029-12-01T00:00:00.000Z',
    createdAt: '2026-12-01T00:00:00.000Z',
    ...overrides,
  };
}

describe('makeSeal', () => {
  it('makes a SESeal v4 of the seal that OpenSSL verifies with the maker\'s certificate, and that decodes to the seal', async () => {
    const png = await readInterop('ofdrw/StampImg.png');
    const now = new Date('2026-12-07T03:40:00Z');
    const der = await makeSeal(seal(), { png, widthMm: 45, heightMm: 30 }, { certificate: maker.cert, sign: maker.sign, vid: 'sealdesk-dev-maker' }, now);

    const lines = await opensslAsn1Parse(der);
    const sealInfo = lines.find((line) => line.depth === 1)!;
    const signedValue = lines.filter((line) => line.depth === 1).at(-1)!;
    const signature = der.subarray(signedValue.offset + signedValue.headerLength + 1, signedValue.offset + signedValue.headerLength + signedValue.length);
    expect(await opensslSm2Verifies(maker.certPem, slice(der, sealInfo), signature)).toBe(true);

    const decoded = decodeSeal(der);
    expect(decoded).toMatchObject({ version: 4, header: { id: 'ES', version: 4, vid: 'sealdesk-dev-maker' }, esID: '3301000012345' });
    expect(decoded.property).toEqual({
      type: 4,
      name: '杭州市测试有限公司合同专用章',
      certListType: 1,
      certs: [sealKey.cert],
      certDigests: [],
      createDate: now,
      validStart: new Date('2026-12-01T00:00:00Z'),
      validEnd: new Date('2029-12-01T00:00:00Z'),
    });
    expect(decoded.picture).toEqual({ type: 'PNG', data: png, widthMm: 45, heightMm: 30 });
    expect(decoded.makerCert).toEqual(maker.cert);
    expect(verifySealMaker(decoded)).toEqual({ valid: true });
  });

  it('names the seal by its registration code, its id, or for a Chinese id a stable SM3-derived one', () => {
    expect(sealEsId({ id: 'x', code: '3301000012345' })).toBe('3301000012345');
    expect(sealEsId({ id: 'hz-contract-01', code: null })).toBe('hz-contract-01');
    const chinese = sealEsId({ id: '合同章一号', code: null });
    expect(chinese).toMatch(/^[0-9a-f]{32}$/);
    expect(sealEsId({ id: '合同章一号', code: null })).toBe(chinese);
  });
});
