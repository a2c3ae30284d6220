import { beforeAll, describe, expect, it } from 'vitest';
import { sm3 } from '../../../drivers/pkcs11/sm2.js';
import { decodeSeal, decodeSesSignature, encodeSeal, encodeSesSignature, verifySealMaker, verifySesSignature, type SealInput } from '../../../appliance/eseals/index.js';
import { interopPath, readInterop } from '../../helpers/interop.js';
import { opensslAsn1Parse, opensslSm2KeyFromP12, opensslSm2Verifies, slice, type Asn1Line, type OpensslSm2Key } from '../../helpers/openssl-sm2.js';

/**
 * What sealdesk writes, checked from outside: signed with ofdrw's maker and user keys by OpenSSL,
 * the signatures verified by OpenSSL over the bytes OpenSSL's own asn1parse finds, the structure
 * the same as ofdrw's samples line for line, and ofdrw's own samples rebuilt byte for byte.
 */

let maker: OpensslSm2Key;
let user: OpensslSm2Key;
let picture: Buffer;

beforeAll(async () => {
  maker = await opensslSm2KeyFromP12(interopPath('ofdrw/SealBuilder.p12'), '777777');
  user = await opensslSm2KeyFromP12(interopPath('ofdrw/USER.p12'), '777777');
  picture = await readInterop('ofdrw/StampImg.png');
});

function sealInput(overrides: Partial<SealInput> = {}): SealInput {
  return {
    vid: 'sealdesk',
    esID: '330100000000001',
    type: 1,
    name: '杭州市测试局 公章',
    certs: [user.cert],
    createDate: new Date('2026-12-01T08:00:00Z'),
    validStart: new Date('2026-12-01T08:00:00Z'),
    validEnd: new Date('2028-12-01T08:00:00Z'),
    picture: { type: 'PNG', data: picture, widthMm: 42, heightMm: 42 },
    makerCert: maker.cert,
    ...overrides,
  };
}

/** Depth and tag of each line: the layout, without lengths or values. */
function shape(lines: Asn1Line[]): string[] {
  return lines.map((line) => `${line.depth} ${line.tag}`);
}

/** The children (depth + 1) of the line at `index`. */
function childrenOf(lines: Asn1Line[], index: number): Asn1Line[] {
  const parent = lines[index]!;
  const end = parent.offset + parent.headerLength + parent.length;
  return lines.filter((line) => line.depth === parent.depth + 1 && line.offset > parent.offset && line.offset < end);
}

function bitStringContents(der: Buffer, line: Asn1Line): Buffer {
  expect(line.tag).toBe('BIT STRING');
  expect(der[line.offset + line.headerLength]).toBe(0); // no unused bits
  return der.subarray(line.offset + line.headerLength + 1, line.offset + line.headerLength + line.length);
}

describe('encodeSeal (SESeal v4)', () => {
  it('is signed over DER(SES_SealInfo) as OpenSSL sees it, decodes back to what went in, and is laid out as ofdrw lays out UserV4.esl', async () => {
    const input = sealInput();
    const der = await encodeSeal(input, maker.sign);
    const lines = await opensslAsn1Parse(der);
    const [sealInfo, cert, algorithm, signedValue] = childrenOf(lines, 0);
    expect([cert!.tag, algorithm!.tag, algorithm!.value]).toEqual(['OCTET STRING', 'OBJECT', 'SM2-with-SM3']);
    expect(await opensslSm2Verifies(maker.certPem, slice(der, sealInfo!), bitStringContents(der, signedValue!))).toBe(true);

    const seal = decodeSeal(der);
    expect(seal).toMatchObject({ version: 4, layout: 'v4', header: { id: 'ES', version: 4, vid: 'sealdesk' }, esID: input.esID, extDatas: [], signAlgOid: '1.2.156.10197.1.501' });
    expect(seal.property).toEqual({
      type: 1,
      name: input.name,
      certListType: 1,
      certs: [user.cert],
      certDigests: [],
      createDate: input.createDate,
      validStart: input.validStart,
      validEnd: input.validEnd,
    });
    expect(seal.picture).toEqual(input.picture);
    expect(seal.makerCert).toEqual(maker.cert);
    expect(verifySealMaker(seal)).toEqual({ valid: true });

    const ofdrw = await opensslAsn1Parse(await readInterop('ofdrw/UserV4.esl'));
    expect(shape(lines)).toEqual(shape(ofdrw));
    // the times as ofdrw writes them: GeneralizedTime to the second, Z
    expect(lines.filter((line) => line.tag === 'GENERALIZEDTIME').map((line) => line.value)).toEqual(['20261201080000Z', '20261201080000Z', '20281201080000Z']);

    // one bit of the seal's name changed: OpenSSL and sealdesk both refuse the maker's signature
    const tampered = Buffer.from(der);
    tampered[der.indexOf(Buffer.from('公章'))]! ^= 0x01;
    expect(await opensslSm2Verifies(maker.certPem, slice(tampered, sealInfo!), bitStringContents(tampered, signedValue!))).toBe(false);
    expect(verifySealMaker(decodeSeal(tampered)).valid).toBe(false);
  });

  it('rebuilds ofdrw\'s UserV4.esl byte for byte from its decoded fields and its signature', async () => {
    const original = await readInterop('ofdrw/UserV4.esl');
    const seal = decodeSeal(original);
    const rebuilt = await encodeSeal(
      {
        vid: seal.header.vid,
        esID: seal.esID,
        type: seal.property.type,
        name: seal.property.name,
        certs: seal.property.certs,
        createDate: seal.property.createDate,
        validStart: seal.property.validStart,
        validEnd: seal.property.validEnd,
        picture: seal.picture,
        makerCert: seal.makerCert,
      },
      async (tbs) => {
        expect(tbs).toEqual(seal.signedBytes);
        return seal.signedValue;
      },
    );
    expect(rebuilt).toEqual(original);
  });

  it('names signers by certificate digest and carries vendor ExtDatas (critical written even when false, as ofdrw reads it)', async () => {
    const input = sealInput({
      certs: undefined,
      certDigests: [{ type: 'sm3', value: sm3(user.cert) }],
      extDatas: [
        { extnID: '1.2.156.112600.7.3', critical: false, extnValue: Buffer.from('HangzhouTest') },
        { extnID: '1.2.156.112600.7.1', critical: true, extnValue: Buffer.from('91330100MA00000000') },
      ],
      picture: { type: 'GIF', data: Buffer.from('GIF89a…'), widthMm: 40, heightMm: 30 },
    });
    const der = await encodeSeal(input, maker.sign);
    const seal = decodeSeal(der);
    expect(seal.property).toMatchObject({ certListType: 2, certs: [], certDigests: input.certDigests });
    expect(seal.extDatas).toEqual(input.extDatas);
    expect(seal.picture).toEqual(input.picture);
    expect(verifySealMaker(seal)).toEqual({ valid: true });
    const lines = await opensslAsn1Parse(der);
    expect(lines.filter((line) => line.tag === 'BOOLEAN').map((line) => line.value)).toEqual(['0', '255']);
    expect(lines.find((line) => line.tag === 'PRINTABLESTRING')?.value).toBe('sm3');
  });
});

describe('encodeSesSignature (SES_Signature v4)', () => {
  it('is signed over DER(TBS_Sign) as OpenSSL sees it, decodes back, verifies, and is laid out as ofdrw\'s SignedValueV4.dat', async () => {
    const sealDer = await encodeSeal(sealInput(), maker.sign);
    const signatureXml = await readInterop('ofdrw/Signature.xml');
    const timeInfo = new Date('2026-12-07T03:30:00Z');
    const der = await encodeSesSignature(
      { sealDer, timeInfo, dataHash: sm3(signatureXml), propertyInfo: '/Doc_0/Signs/Sign_0/Signature.xml', signerCert: user.cert },
      user.sign,
    );
    const lines = await opensslAsn1Parse(der);
    const [tbs, cert, algorithm, signature] = childrenOf(lines, 0);
    expect([cert!.tag, algorithm!.value]).toEqual(['OCTET STRING', 'SM2-with-SM3']);
    expect(await opensslSm2Verifies(user.certPem, slice(der, tbs!), bitStringContents(der, signature!))).toBe(true);
    // the seal inside TBS_Sign is the maker's bytes, untouched
    const [version, eseal, time, dataHash, propertyInfo] = childrenOf(lines, lines.indexOf(tbs!));
    expect(version!.value).toBe('04');
    expect(slice(der, eseal!)).toEqual(sealDer);
    expect(time).toMatchObject({ tag: 'GENERALIZEDTIME', value: '20261207033000Z' });
    expect(bitStringContents(der, dataHash!)).toEqual(sm3(signatureXml));
    expect(propertyInfo).toMatchObject({ tag: 'IA5STRING', value: '/Doc_0/Signs/Sign_0/Signature.xml' });

    const sig = decodeSesSignature(der);
    expect(sig).toMatchObject({ version: 4, layout: 'v4', signerCert: user.cert, signatureAlgOid: '1.2.156.10197.1.501' });
    expect(sig.toSign).toMatchObject({ version: 4, timeInfo, dataHash: sm3(signatureXml), propertyInfo: '/Doc_0/Signs/Sign_0/Signature.xml', extDatas: [] });
    expect(sig.toSign.eseal.der).toEqual(sealDer);
    expect(verifySesSignature(sig, signatureXml)).toEqual({ signatureValid: true, dataHashMatches: true, sealValid: true, sealInValidity: true, signerInSeal: true, reasons: [] });

    expect(shape(lines)).toEqual(shape(await opensslAsn1Parse(await readInterop('ofdrw/SignedValueV4.dat'))));

    const tampered = Buffer.from(der);
    tampered[time!.offset + time!.headerLength + 3]! ^= 0x01; // the year 2026 → 2027
    expect(await opensslSm2Verifies(user.certPem, slice(tampered, tbs!), bitStringContents(tampered, signature!))).toBe(false);
    expect(verifySesSignature(decodeSesSignature(tampered), signatureXml).signatureValid).toBe(false);
  });

  it('rebuilds ofdrw\'s SignedValueV4.dat byte for byte around UserV4.esl', async () => {
    const original = await readInterop('ofdrw/SignedValueV4.dat');
    const sig = decodeSesSignature(original);
    expect(sig.toSign.eseal.der).toEqual(await readInterop('ofdrw/UserV4.esl'));
    const rebuilt = await encodeSesSignature(
      { sealDer: sig.toSign.eseal.der, timeInfo: sig.toSign.timeInfo!, dataHash: sig.toSign.dataHash, propertyInfo: sig.toSign.propertyInfo, signerCert: sig.signerCert },
      async (tbs) => {
        expect(tbs).toEqual(sig.signedBytes);
        return sig.signature;
      },
    );
    expect(rebuilt).toEqual(original);
  });

  it('takes TBS_Sign extDatas as [0] EXPLICIT, and a signer giving r‖s is written as DER', async () => {
    const sealDer = await encodeSeal(sealInput(), maker.sign);
    const raw = async (tbs: Buffer) => {
      const der = await user.sign(tbs);
      // DER SM2Signature → r‖s, as some GM keys return it
      const r = der.subarray(4, 4 + der[3]!).subarray(-32);
      const sAt = 4 + der[3]! + 2;
      const s = der.subarray(sAt, sAt + der[sAt - 1]!).subarray(-32);
      return Buffer.concat([Buffer.alloc(32 - r.length), r, Buffer.alloc(32 - s.length), s]);
    };
    const extDatas = [{ extnID: '1.2.156.10197.6.7.2.2.1', critical: false, extnValue: Buffer.from('2.1') }];
    const der = await encodeSesSignature({ sealDer, timeInfo: new Date('2027-01-01T00:00:00Z'), dataHash: sm3(Buffer.from('x')), propertyInfo: 'x', signerCert: user.cert, extDatas }, raw);
    const sig = decodeSesSignature(der);
    expect(sig.toSign.extDatas).toEqual(extDatas);
    expect(sig.signature[0]).toBe(0x30);
    expect(verifySesSignature(sig, Buffer.from('x'))).toMatchObject({ signatureValid: true, dataHashMatches: true, reasons: [] });
    const lines = await opensslAsn1Parse(der);
    const tbs = lines.indexOf(childrenOf(lines, 0)[0]!);
    expect(childrenOf(lines, tbs).map((line) => line.tag)).toEqual(['INTEGER', 'SEQUENCE', 'GENERALIZEDTIME', 'BIT STRING', 'IA5STRING', 'cont [ 0 ]']);
  });

  it('refuses a v1 seal and a seal that is not DER, as ESEAL_MALFORMED', async () => {
    const v1 = await readInterop('ofdrw/UserV1.esl');
    const input = { timeInfo: new Date(), dataHash: Buffer.alloc(32), propertyInfo: 'x', signerCert: user.cert };
    await expect(encodeSesSignature({ ...input, sealDer: v1 }, user.sign)).rejects.toMatchObject({ code: 'ESEAL_MALFORMED', message: expect.stringContaining('a version 1 seal cannot go into a GB/T 38540 stamp') });
    await expect(encodeSesSignature({ ...input, sealDer: Buffer.from('not a seal') }, user.sign)).rejects.toMatchObject({ code: 'ESEAL_MALFORMED' });
  });
});
