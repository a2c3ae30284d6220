import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { sm3 } from '../../../drivers/pkcs11/sm2.js';
import { decodeSeal, decodeSesSignature, verifySealMaker, verifySesSignature } from '../../../appliance/eseals/index.js';
import { readInterop } from '../../helpers/interop.js';

/**
 * ofdrw's (Java, BouncyCastle) seals and stamps, decoded and verified by sealdesk: the maker's and
 * the signer's SM2 signatures with GM/T 0009's default ID, and the data hash over Signature.xml.
 */

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47]);

function flipBit(bytes: Buffer, at: number): Buffer {
  const copy = Buffer.from(bytes);
  copy[at]! ^= 0x01;
  return copy;
}

/** One signature's files inside an OFD (a zip), read with fflate. */
async function signFiles(sample: string): Promise<{ signatureXml: Buffer; signedValue: Buffer; seal?: Buffer }> {
  const entries = unzipSync(await readInterop(sample));
  const get = (name: string) => (entries[name] ? Buffer.from(entries[name]) : undefined);
  return {
    signatureXml: get('Doc_0/Signs/Sign_0/Signature.xml')!,
    signedValue: get('Doc_0/Signs/Sign_0/SignedValue.dat')!,
    ...(get('Doc_0/Signs/Sign_0/Seal.esl') ? { seal: get('Doc_0/Signs/Sign_0/Seal.esl')! } : {}),
  };
}

describe('ofdrw seals (SESeal)', () => {
  it('decodes the GM/T 0031-2014 seal UserV1.esl and its maker signature over SEQUENCE { sealInfo, cert, algorithm } verifies', async () => {
    const seal = decodeSeal(await readInterop('ofdrw/UserV1.esl'));
    expect(seal).toMatchObject({ version: 1, layout: 'v1', header: { id: 'ES', version: 1, vid: 'OFDR&WTest' }, esID: '40C8CDD24DEF43388B86E62CCE1D6832' });
    expect(seal.property).toMatchObject({ type: 1, name: 'OFDRW测试用印章', certListType: 1 });
    expect(seal.property.certs).toHaveLength(1);
    expect(seal.property.validStart.toISOString()).toBe('2020-04-22T02:18:07.000Z');
    expect(seal.property.validEnd.toISOString()).toBe('2022-04-22T02:18:07.000Z');
    expect(seal.picture).toMatchObject({ type: 'PNG', widthMm: 40, heightMm: 40 });
    expect(seal.picture.data.subarray(0, 4)).toEqual(PNG);
    expect(seal.signAlgOid).toBe('1.2.156.10197.1.501');
    expect(verifySealMaker(seal)).toEqual({ valid: true });
  });

  it.each([
    ['UserV4.esl', 4, 'OFDR&WTest', 'OFD R&W 测试用印章', false],
    ['UserV5.esl', 5, 'OFDR&WTestV5', 'OFD R&W V5测试用印章', false],
    ['UserV5_ts.esl', 5, 'OFDR&WTestV5', 'OFD R&W V5测试用印章', true],
  ])('decodes %s (version %i) and the maker signature over DER(SES_SealInfo) verifies, and fails with a flipped bit', async (file, version, vid, name, timeStamped) => {
    const der = await readInterop(`ofdrw/${file}`);
    const seal = decodeSeal(der);
    expect(seal).toMatchObject({ version, layout: 'v4', header: { id: 'ES', version, vid } });
    expect(seal.property).toMatchObject({ type: 3, name, certListType: 1 });
    expect(seal.property.certs[0]!.subarray(0, 2)).toEqual(Buffer.from([0x30, 0x82]));
    expect(seal.picture).toMatchObject({ type: 'PNG', widthMm: 40, heightMm: 40 });
    expect(seal.timeStamp !== undefined).toBe(timeStamped);
    expect(seal.der).toEqual(der);
    expect(verifySealMaker(seal)).toEqual({ valid: true });

    // a bit of the seal's name, inside what the maker signed
    const nameAt = der.indexOf(Buffer.from(name, 'utf8'));
    const tampered = decodeSeal(flipBit(der, nameAt));
    expect(tampered.property.name).not.toBe(name);
    expect(verifySealMaker(tampered)).toEqual({ valid: false, reason: "the maker signature does not verify with the maker certificate's key" });
    // a bit of the signature value itself
    const sigAt = der.length - 10 - (timeStamped ? 8 : 0);
    expect(verifySealMaker(decodeSeal(flipBit(der, sigAt))).valid).toBe(false);
  });

  it('decodes SESealData.DER (a GIF seal with two certificates and vendor ExtDatas); its maker signature is not over SES_SealInfo and is reported so', async () => {
    const seal = decodeSeal(await readInterop('ofdrw/SESealData.DER'));
    expect(seal).toMatchObject({ version: 4, header: { vid: 'Vid HebeiGede' }, esID: 'esID130600' });
    expect(seal.property).toMatchObject({ type: 4, name: '测试单位名称 合同专用章', certListType: 1 });
    expect(seal.property.certs).toHaveLength(2);
    expect(seal.picture).toMatchObject({ type: 'GIF', widthMm: 42, heightMm: 42 });
    expect(seal.extDatas.map((ext) => [ext.extnID, ext.critical])).toEqual([
      ['1.2.156.112600.7.1', false],
      ['1.2.156.112600.7.2', true],
      ['1.2.156.112600.7.3', false],
    ]);
    expect(seal.extDatas[2]!.extnValue.toString()).toBe('HeBeiBaoDingShiCeShiDanWeiMingCheng');
    // ofdrw itself only reads this sample (TwoStepSignTest) and never checks its maker signature
    expect(verifySealMaker(seal).valid).toBe(false);
  });
});

describe('ofdrw stamps (SES_Signature)', () => {
  it.each([
    ['SignedValueV4.dat', 4, '2020-10-12T11:14:03.000Z'],
    ['SignedValueV5.dat', 5, '2026-04-24T08:53:26.000Z'],
  ])('decodes %s and its SM2 signature over DER(TBS_Sign) verifies; a flipped bit in TBS_Sign fails it', async (file, version, time) => {
    const der = await readInterop(`ofdrw/${file}`);
    const sig = decodeSesSignature(der);
    expect(sig).toMatchObject({ version, layout: 'v4', signatureAlgOid: '1.2.156.10197.1.501' });
    expect(sig.toSign).toMatchObject({ version, propertyInfo: '/Doc_0/Signs/Sign_0/Signature.xml' });
    expect(sig.toSign.timeInfo!.toISOString()).toBe(time);
    expect(sig.toSign.eseal.version).toBe(version);
    expect(sig.signedBytes).toEqual(der.subarray(4, 4 + sig.signedBytes.length));

    const result = verifySesSignature(sig, await readInterop('ofdrw/Signature.xml'));
    expect(result).toMatchObject({ signatureValid: true, sealValid: true, sealInValidity: true, signerInSeal: true });
    // these two fixtures carry an all-zero dataHash (ofdrw's unit-test values), so no file matches it
    expect(sig.toSign.dataHash).toEqual(Buffer.alloc(32));
    expect(result.dataHashMatches).toBe(false);
    expect(result.reasons).toEqual(['dataHash is not the SM3 digest of the signed file (/Doc_0/Signs/Sign_0/Signature.xml)']);

    const timeAt = der.indexOf(Buffer.from(time.slice(0, 4)), 17000);
    const tampered = verifySesSignature(decodeSesSignature(flipBit(der, timeAt + 13)), await readInterop('ofdrw/Signature.xml'));
    expect(tampered.signatureValid).toBe(false);
    expect(tampered.reasons).toContain("the signer signature does not verify with the signer certificate's key");
  });

  it.each([
    // ofdrw stamped this one in 2026 with its 2020–2022 test seal: genuine, but out of the seal's validity
    ['ofdrw/SESV4SignDoc.ofd', ["the stamp's time 2026-08-04T02:08:09.000Z is outside the seal's validity (2020-04-22T02:09:00.000Z to 2022-04-22T02:09:00.000Z)"]],
    ['ofdrw/v4signed.ofd', []],
  ])('%s: dataHash is SM3 of Signature.xml, the signature and the seal verify; a changed Signature.xml does not match', async (sample, validityReasons) => {
      const { signatureXml, signedValue, seal } = await signFiles(sample);
      const sig = decodeSesSignature(signedValue);
      expect(sig.toSign.dataHash).toEqual(sm3(signatureXml));
      expect(verifySesSignature(sig, signatureXml)).toEqual({
        signatureValid: true,
        dataHashMatches: true,
        sealValid: true,
        sealInValidity: validityReasons.length === 0,
        signerInSeal: true,
        reasons: validityReasons,
      });
      if (seal) expect(sig.toSign.eseal.der).toEqual(seal);
      // one changed byte of Signature.xml
      const changed = Buffer.from(signatureXml);
      changed[changed.length - 3] = 0x20;
      expect(verifySesSignature(sig, changed)).toMatchObject({ signatureValid: true, dataHashMatches: false });
  });

  it('reads the vendor seal inside v4signed.ofd: an OFD picture, ExtDatas left untagged', async () => {
    const { signedValue } = await signFiles('ofdrw/v4signed.ofd');
    const seal = decodeSesSignature(signedValue).toSign.eseal;
    expect(seal).toMatchObject({ version: 4, header: { vid: 'GOMAIN' }, esID: '50011200000399' });
    expect(seal.property.name).toBe('测试全国统一发票监制章国家税务总局重庆市税务局');
    expect(seal.picture).toMatchObject({ type: 'ofd', widthMm: 30, heightMm: 20 });
    expect(seal.picture.data.subarray(0, 2).toString()).toBe('PK');
    expect(seal.extDatas).toEqual([{ extnID: '1.2.156.10197.6.7.2.2.1', critical: false, extnValue: Buffer.from('2.1') }]);
  });
});
