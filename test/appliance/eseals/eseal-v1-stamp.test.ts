import * as asn1js from 'asn1js';
import { beforeAll, describe, expect, it } from 'vitest';
import { sm3 } from '../../../drivers/pkcs11/sm2.js';
import { decodeSesSignature, verifySesSignature } from '../../../appliance/eseals/index.js';
import { interopPath, readInterop } from '../../helpers/interop.js';
import { opensslSm2KeyFromP12, type OpensslSm2Key } from '../../helpers/openssl-sm2.js';

/**
 * A GM/T 0031-2014 stamp (version 1), for which no sample travels: built here as ofdrw's v1
 * classes lay it out (TBS_Sign { version, eseal, timeInfo BIT STRING, dataHash BIT STRING,
 * propertyInfo, cert, signatureAlgorithm }, SES_Signature { toSign, signature }) around ofdrw's
 * UserV1.esl, signed by OpenSSL with ofdrw's USER key.
 */

let user: OpensslSm2Key;

beforeAll(async () => {
  user = await opensslSm2KeyFromP12(interopPath('ofdrw/USER.p12'), '777777');
});

async function v1Stamp(timeInfo: asn1js.AsnType, dataHash: Buffer): Promise<Buffer> {
  const seal = asn1js.fromBER(new Uint8Array(await readInterop('ofdrw/UserV1.esl')).buffer).result;
  const tbs = new asn1js.Sequence({
    value: [
      new asn1js.Integer({ value: 1 }),
      seal,
      timeInfo,
      new asn1js.BitString({ valueHex: new Uint8Array(dataHash).buffer }),
      new asn1js.IA5String({ value: '/Doc_0/Signs/Sign_0/Signature.xml' }),
      new asn1js.OctetString({ valueHex: new Uint8Array(user.cert).buffer }),
      new asn1js.ObjectIdentifier({ value: '1.2.156.10197.1.501' }),
    ],
  });
  const tbsDer = Buffer.from(tbs.toBER());
  const signature = await user.sign(tbsDer);
  return Buffer.from(new asn1js.Sequence({ value: [tbs, new asn1js.BitString({ valueHex: new Uint8Array(signature).buffer })] }).toBER());
}

describe('GM/T 0031-2014 stamps (SES_Signature v1)', () => {
  it('decode with the time from the UTCTime text in timeInfo, and the signature over DER(TBS_Sign) verifies', async () => {
    const signatureXml = await readInterop('ofdrw/Signature.xml');
    const der = await v1Stamp(new asn1js.BitString({ valueHex: new Uint8Array(Buffer.from('210101120000Z')).buffer }), sm3(signatureXml));
    const sig = decodeSesSignature(der);
    expect(sig).toMatchObject({ version: 1, layout: 'v1', signerCert: user.cert, signatureAlgOid: '1.2.156.10197.1.501' });
    expect(sig.toSign.timeInfo).toEqual(new Date('2021-01-01T12:00:00Z'));
    expect(sig.toSign.eseal).toMatchObject({ version: 1, layout: 'v1' });
    expect(verifySesSignature(sig, signatureXml)).toEqual({ signatureValid: true, dataHashMatches: true, sealValid: true, sealInValidity: true, signerInSeal: true, reasons: [] });

    const tampered = Buffer.from(der);
    tampered[der.indexOf(Buffer.from('210101120000Z'))]! ^= 0x01;
    expect(verifySesSignature(decodeSesSignature(tampered), signatureXml).signatureValid).toBe(false);
  });

  it('a timestamp token in timeInfo leaves the time unknown, reported, with the token kept', async () => {
    const token = Buffer.from([0x30, 0x03, 0x02, 0x01, 0x01]);
    const sig = decodeSesSignature(await v1Stamp(new asn1js.BitString({ valueHex: new Uint8Array(token).buffer }), Buffer.alloc(32)));
    expect(sig.toSign.timeInfo).toBeNull();
    expect(sig.toSign.timeInfoRaw).toEqual(token);
    const result = verifySesSignature(sig, Buffer.from('x'));
    expect(result).toMatchObject({ signatureValid: true, sealValid: true, sealInValidity: false, dataHashMatches: false });
    expect(result.reasons).toContain("the stamp carries no readable time, so the seal's validity cannot be checked");
  });
});
