import { describe, expect, it } from 'vitest';
import { decodeSeal, decodeSesSignature, MAX_ESEAL_BYTES, verifySealMaker, verifySesSignature } from '../../../appliance/eseals/index.js';
import { isSealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import { readInterop } from '../../helpers/interop.js';

/**
 * A hostile .esl or SignedValue.dat: truncated, bit-flipped, nested without end, lying about its
 * lengths. Each is either refused as ESEAL_MALFORMED (422, with both sentences) or decodes and then
 * fails verification — never another kind of throw.
 */

/** A small deterministic generator, so a failure names the same bytes on every run. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/**
 * Where a certificate sits in the bytes. Its own integrity is its issuer's signature, which chain
 * validation checks (not these functions, which only use its key): flips there are left out of the
 * "never valid" sweep, and a flip of its key is checked on its own.
 */
function certificateRange(der: Buffer, cert: Buffer): { holds: (at: number) => boolean; keyAt: number } {
  const start = der.lastIndexOf(cert);
  const keyAt = start + cert.indexOf(Buffer.from([0x03, 0x42, 0x00, 0x04])) + 10;
  return { holds: (at) => at >= start && at < start + cert.length, keyAt };
}

type Outcome = 'malformed' | 'decoded-invalid' | 'decoded-valid';

function outcomeOfSeal(bytes: Buffer): Outcome {
  try {
    const seal = decodeSeal(bytes);
    return verifySealMaker(seal).valid ? 'decoded-valid' : 'decoded-invalid';
  } catch (error) {
    if (isSealdeskError(error, 'ESEAL_MALFORMED')) return 'malformed';
    throw error;
  }
}

function outcomeOfSignature(bytes: Buffer, signedFile: Buffer): Outcome {
  try {
    const result = verifySesSignature(decodeSesSignature(bytes), signedFile);
    return result.signatureValid && result.sealValid ? 'decoded-valid' : 'decoded-invalid';
  } catch (error) {
    if (isSealdeskError(error, 'ESEAL_MALFORMED')) return 'malformed';
    throw error;
  }
}

function code(fn: () => unknown): { code: string; status: number; zh: string; en: string } | undefined {
  try {
    fn();
    return undefined;
  } catch (error) {
    if (!isSealdeskError(error)) throw error;
    return { code: error.code, status: error.status, zh: error.messageZh, en: error.messageEn };
  }
}

// SM2 verification is software (sm-crypto-v2) and the machine is shared: room for a slow run
describe('hostile e-seal bytes', { timeout: 180_000 }, () => {
  it('every truncation of a seal and of a stamp is ESEAL_MALFORMED', async () => {
    for (const [file, decode] of [
      ['ofdrw/UserV4.esl', decodeSeal],
      ['ofdrw/UserV1.esl', decodeSeal],
      ['ofdrw/SignedValueV5.dat', decodeSesSignature],
    ] as const) {
      const der = await readInterop(file);
      const random = prng(der.length);
      const cuts = [0, 1, 2, 3, 4, 5, 10, 63, 64, der.length - 1, ...Array.from({ length: 60 }, () => Math.floor(random() * der.length))];
      for (const cut of cuts) expect(code(() => decode(der.subarray(0, cut)))?.code, `${file} cut at ${cut}`).toBe('ESEAL_MALFORMED');
    }
  });

  it('bit flips anywhere in a seal never throw anything but ESEAL_MALFORMED, and never leave the maker signature valid', async () => {
    const der = await readInterop('ofdrw/UserV4.esl');
    const random = prng(4);
    // every third byte of the structure around the picture, and random ones inside it
    const positions = [...Array.from({ length: 240 }, (_, i) => 3 * i), ...Array.from({ length: 100 }, (_, i) => der.length - 1 - i), ...Array.from({ length: 60 }, () => Math.floor(random() * der.length))];
    const seen = new Set<Outcome>();
    const cert = certificateRange(der, decodeSeal(der).makerCert);
    for (const at of positions.filter((at) => !cert.holds(at))) {
      const bit = 1 << Math.floor(random() * 8);
      const copy = Buffer.from(der);
      copy[at]! ^= bit;
      const outcome = outcomeOfSeal(copy);
      seen.add(outcome);
      expect(outcome, `bit ${bit} of byte ${at}`).not.toBe('decoded-valid');
    }
    expect([...seen].sort()).toEqual(['decoded-invalid', 'malformed']);
    const key = Buffer.from(der);
    key[cert.keyAt]! ^= 0x01;
    expect(outcomeOfSeal(key)).toBe('decoded-invalid');
  });

  it('bit flips in a stamp never throw anything but ESEAL_MALFORMED and never verify', async () => {
    const der = await readInterop('ofdrw/SignedValueV4.dat');
    const signatureXml = await readInterop('ofdrw/Signature.xml');
    const random = prng(17);
    const positions = [...Array.from({ length: 120 }, (_, i) => i), ...Array.from({ length: 200 }, (_, i) => der.length - 1 - 3 * i), ...Array.from({ length: 60 }, () => Math.floor(random() * der.length))];
    const cert = certificateRange(der, decodeSesSignature(der).signerCert);
    for (const at of positions.filter((at) => !cert.holds(at))) {
      const copy = Buffer.from(der);
      copy[at]! ^= 1 << Math.floor(random() * 8);
      expect(outcomeOfSignature(copy, signatureXml), `byte ${at}`).not.toBe('decoded-valid');
    }
  });

  it('deep nesting, lying lengths, trailing bytes, garbage and an oversized file are ESEAL_MALFORMED with a sentence in both languages', () => {
    const deepDefinite = (levels: number) => {
      let inner = Buffer.from([0x05, 0x00]);
      for (let i = 0; i < levels; i++) {
        const length = inner.length < 128 ? Buffer.from([inner.length]) : inner.length < 256 ? Buffer.from([0x81, inner.length]) : Buffer.from([0x82, inner.length >> 8, inner.length & 0xff]);
        inner = Buffer.concat([Buffer.from([0x30]), length, inner]);
        if (inner.length > 60_000) break;
      }
      return inner;
    };
    const cases: Array<[string, Buffer]> = [
      ['indefinite nesting', Buffer.concat([Buffer.alloc(200_000, Buffer.from([0x30, 0x80]))])],
      ['definite nesting', deepDefinite(20_000)],
      ['a length of 2^32', Buffer.from([0x30, 0x84, 0xff, 0xff, 0xff, 0xff, 0x02, 0x01, 0x04])],
      ['a length past the end', Buffer.from([0x30, 0x82, 0x10, 0x00, 0x02, 0x01, 0x04])],
      ['trailing bytes', Buffer.from([0x30, 0x03, 0x02, 0x01, 0x04, 0x00])],
      ['not DER at all', Buffer.from('<?xml version="1.0"?><Seal/>')],
      ['an empty file', Buffer.alloc(0)],
      ['the right outer shape, wrong insides', Buffer.from([0x30, 0x06, 0x02, 0x01, 0x04, 0x02, 0x01, 0x04])],
      ['many tiny values', Buffer.concat([Buffer.from([0x30, 0x83, 0x03, 0x0d, 0x40]), Buffer.alloc(200_000, Buffer.from([0x05, 0x00]))])],
    ];
    for (const [what, bytes] of cases) {
      for (const decode of [decodeSeal, decodeSesSignature]) {
        const error = code(() => decode(bytes));
        expect(error, what).toMatchObject({ code: 'ESEAL_MALFORMED', status: 422 });
        expect(error!.zh, what).toMatch(/^电子印章数据（(SESeal|SES_Signature)）格式错误：/);
        expect(error!.en, what).toMatch(/^The electronic seal data \((SESeal|SES_Signature)\) is malformed: /);
      }
    }
    const oversized = code(() => decodeSeal(Buffer.alloc(MAX_ESEAL_BYTES + 1, 0x30)));
    expect(oversized).toMatchObject({ code: 'ESEAL_MALFORMED', en: `The electronic seal data (SESeal) is malformed: it has ${MAX_ESEAL_BYTES + 1} bytes, at most ${MAX_ESEAL_BYTES}.` });
  });

  it('a stamp given where a seal belongs, and the reverse, name the field that is wrong', async () => {
    const empty = code(() => decodeSeal(Buffer.alloc(0)));
    expect(empty?.en).toBe('The electronic seal data (SESeal) is malformed: it is empty.');
    await expect(readInterop('ofdrw/SignedValueV4.dat').then(decodeSeal)).rejects.toMatchObject({
      code: 'ESEAL_MALFORMED',
      message: 'The electronic seal data (SESeal) is malformed: SESeal.eSealInfo.header should be SEQUENCE, found INTEGER.',
      messageZh: '电子印章数据（SESeal）格式错误：SESeal.eSealInfo.header 应为 SEQUENCE，实为 INTEGER。',
    });
    await expect(readInterop('ofdrw/UserV4.esl').then(decodeSesSignature)).rejects.toMatchObject({
      code: 'ESEAL_MALFORMED',
      message: 'The electronic seal data (SES_Signature) is malformed: SES_Signature.toSign has 4 fields, expected 5 to 6.',
      messageZh: '电子印章数据（SES_Signature）格式错误：SES_Signature.toSign 有 4 个字段，应为 5 至 6 个。',
    });
  });

  it('a seal decoded again is the same seal, whatever a caller did to the one it was given first', async () => {
    const stamp = await readInterop('ofdrw/SignedValueV4.dat');
    const first = decodeSesSignature(stamp).toSign.eseal;
    const picture = Buffer.from(first.picture.data);
    first.picture.data.fill(0);
    first.property.certs.length = 0;
    first.property.validEnd.setTime(0);
    const again = decodeSesSignature(stamp).toSign.eseal;
    expect(again.picture.data.equals(picture)).toBe(true);
    expect(again.property.certs.length + again.property.certDigests.length).toBeGreaterThan(0);
    expect(again.property.validEnd.getTime()).toBeGreaterThan(0);
    // and the seal on its own reads the same as inside the stamp
    expect(decodeSeal(again.der)).toEqual(again);
  });
});
