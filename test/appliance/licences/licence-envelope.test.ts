import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { chainId32 } from '../../../appliance/ledger/chain/chain-id.js';
import { uuid7 } from '../../../appliance/ledger/outbox/uuid7.js';
import { generateX25519, sealBase } from '../../../appliance/licences/hpke.js';
import { formatLicenceCode, parseLicenceCode } from '../../../appliance/licences/licence-code.js';
import { openLicence, recordKey, sealLicence, type LicenceBinding } from '../../../appliance/licences/licence-envelope.js';
import { checkFields, checkHolder, licenceType } from '../../../appliance/licences/licence-record.js';

const codeOf = (run: () => unknown): string | undefined => {
  try {
    run();
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
  return undefined;
};

const licenceId = uuid7();
const binding: LicenceBinding = { licenceId: chainId32(licenceId), organisation: chainId32('11330106002489166C'), sealId: chainId32('seal-1'), documentHash: `0x${'ab'.repeat(32)}` };
const plaintext = Buffer.from(JSON.stringify({ holder: { name: '张三', idNumber: '11010519491231002X' } }));

const code = (licence: string, secret: Buffer) => ({ kind: 'code' as const, code: { licenceId: licence, secret, version: 2 as const } });

describe('licence envelope (version 2)', () => {
  it('opens with its code and with the terminal’s holder key; another code or holder key is LICENCE_KEY_MISMATCH; changed bytes or binding are LICENCE_TAMPERED', () => {
    const holderKey = randomBytes(32);
    const { envelope, recordSecret } = sealLicence(holderKey, plaintext, binding);
    expect(openLicence(code(licenceId, recordSecret), envelope, binding, licenceId)).toEqual(plaintext);
    expect(openLicence({ kind: 'terminal', recordRoot: holderKey }, envelope, binding, licenceId)).toEqual(plaintext);
    expect(envelope.includes(Buffer.from('张三'))).toBe(false);
    expect(codeOf(() => openLicence(code(licenceId, randomBytes(32)), envelope, binding, licenceId))).toBe('LICENCE_KEY_MISMATCH');
    expect(codeOf(() => openLicence({ kind: 'terminal', recordRoot: randomBytes(32) }, envelope, binding, licenceId))).toBe('LICENCE_KEY_MISMATCH');
    for (const at of [1, 20, 40, 100, 160, envelope.length - 1]) {
      const changed = Buffer.from(envelope);
      changed[at]! ^= 0x01;
      expect(codeOf(() => openLicence(code(licenceId, recordSecret), changed, binding, licenceId)), `byte ${at}`).toMatch(/^LICENCE_(TAMPERED|KEY_MISMATCH)$/);
    }
    for (const at of [100, 160, envelope.length - 1]) {
      const changed = Buffer.from(envelope);
      changed[at]! ^= 0x01;
      expect(codeOf(() => openLicence(code(licenceId, recordSecret), changed, binding, licenceId)), `byte ${at}`).toBe('LICENCE_TAMPERED');
    }
    expect(codeOf(() => openLicence(code(licenceId, recordSecret), envelope, { ...binding, sealId: chainId32('seal-2') }, licenceId))).toBe('LICENCE_TAMPERED');
    expect(codeOf(() => openLicence(code(licenceId, recordSecret), envelope, { ...binding, documentHash: `0x${'cd'.repeat(32)}` }, licenceId))).toBe('LICENCE_TAMPERED');
    expect(codeOf(() => openLicence(code(licenceId, recordSecret), envelope.subarray(0, 30), binding, licenceId))).toBe('LICENCE_TAMPERED');
  });

  it('a record’s code opens that record only: two records of one holder have unrelated codes and share no linking bytes', () => {
    const holderKey = randomBytes(32);
    const otherId = uuid7();
    const otherBinding = { ...binding, licenceId: chainId32(otherId) };
    const a = sealLicence(holderKey, plaintext, binding);
    const b = sealLicence(holderKey, plaintext, otherBinding);
    expect(a.recordSecret.equals(b.recordSecret)).toBe(false);
    expect(codeOf(() => openLicence(code(otherId, a.recordSecret), b.envelope, otherBinding, otherId))).toBe('LICENCE_KEY_MISMATCH');
    expect(a.envelope.subarray(2, 150).equals(b.envelope.subarray(2, 150))).toBe(false);
    expect(a.envelope.includes(holderKey)).toBe(false);
    // the terminal's per-record keys differ too: a leaked one opens one record
    expect(recordKey(holderKey, binding.licenceId).equals(recordKey(holderKey, otherBinding.licenceId))).toBe(false);
  });

  it('a version 1 record (published before) still opens with its SDL1 code or the terminal’s v1 key; an SDL1 key opens no version 2 record', () => {
    const holder = generateX25519();
    const header = Buffer.concat([Buffer.from([1, 1]), createHmac('sha256', holder.publicKey).update(Buffer.concat([Buffer.from('sealdesk/licence-key-check/v1'), Buffer.from(binding.licenceId.slice(2), 'hex')])).digest().subarray(0, 16)]);
    const info = Buffer.concat([Buffer.from('sealdesk/licence/v1'), ...[binding.licenceId, binding.organisation, binding.sealId, binding.documentHash].map((h) => Buffer.from(h.slice(2), 'hex'))]);
    const { enc, ciphertext } = sealBase(holder.publicKey, plaintext, { aead: 'aes-256-gcm', info, aad: header });
    const v1 = Buffer.concat([header, enc, ciphertext]);
    expect(openLicence({ kind: 'code', code: { licenceId, secret: holder.secretKey, version: 1 } }, v1, binding, licenceId)).toEqual(plaintext);
    expect(openLicence({ kind: 'terminal', v1SecretKey: holder.secretKey }, v1, binding, licenceId)).toEqual(plaintext);
    const { envelope } = sealLicence(randomBytes(32), plaintext, binding);
    expect(codeOf(() => openLicence({ kind: 'code', code: { licenceId, secret: holder.secretKey, version: 1 } }, envelope, binding, licenceId))).toBe('LICENCE_KEY_MISMATCH');
  });
});

describe('licence code (证照码)', () => {
  it('round-trips the licence id and record secret in 71 QR-friendly characters; old SDL1 codes still parse; malformed codes are LICENCE_CODE_INVALID without echoing them', () => {
    const secret = randomBytes(32);
    const text = formatLicenceCode({ licenceId, secret, version: 2 });
    expect(text).toMatch(/^SDL2\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/);
    expect(text).toHaveLength(71);
    expect(parseLicenceCode(` ${text}\n`)).toEqual({ licenceId, secret, version: 2 });
    expect(parseLicenceCode(`SDL1${text.slice(4)}`)).toEqual({ licenceId, secret, version: 1 });
    for (const bad of ['', 'SDL3' + text.slice(4), text.slice(0, -1), `${text}A`, text.replace('.', '-'), 'SDL2.AAAAAAAAAAAAAAAAAAAAAA.' + 'A'.repeat(43)]) {
      const error = (() => {
        try {
          parseLicenceCode(bad);
        } catch (e) {
          return e as Error & { code: string };
        }
        throw new Error(`accepted ${bad}`);
      })();
      expect(error.code).toBe('LICENCE_CODE_INVALID');
      expect(error.message).not.toContain(text.slice(28));
    }
  });
});

describe('licence record input', () => {
  it('checks the ID number’s GB 11643 check character, the type and the fields', () => {
    expect(checkHolder({ name: ' 张三 ', idNumber: '11010519491231002x' }).name).toBe('张三');
    expect(codeOf(() => checkHolder({ name: '张三', idNumber: '110105194912310021' }))).toBe('ID_NUMBER_INVALID');
    expect(codeOf(() => checkHolder({ name: '', idNumber: '11010519491231002X' }))).toBe('INPUT_INVALID');
    expect(licenceType('居住证明')).toBe('residence-certificate');
    expect(licenceType('no-criminal-record')).toBe('no-criminal-record');
    expect(codeOf(() => licenceType('结婚证'))).toBe('INPUT_INVALID');
    expect(checkFields({ 住址: '杭州市西湖区', 年限: 3 })).toEqual({ 住址: '杭州市西湖区', 年限: '3' });
    expect(codeOf(() => checkFields([]))).toBe('INPUT_INVALID');
    expect(codeOf(() => checkFields({ a: { nested: true } }))).toBe('INPUT_INVALID');
  });
});

// the subject key store (holder keys wrapped by a key on the terminal's token): subject-keys.test.ts
