import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chainId32 } from '../../../appliance/ledger/chain/seal-registry.js';
import { uuid7 } from '../../../appliance/ledger/outbox/uuid7.js';
import { generateX25519 } from '../../../appliance/licences/hpke.js';
import { formatLicenceCode, parseLicenceCode } from '../../../appliance/licences/licence-code.js';
import { openLicence, sealLicence, type LicenceBinding } from '../../../appliance/licences/licence-envelope.js';
import { checkFields, checkHolder, licenceType } from '../../../appliance/licences/licence-record.js';
import { SubjectKeys } from '../../../appliance/licences/subject-keys.js';
import { failure } from '../../helpers/failure.js';

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

describe('licence envelope', () => {
  it('opens with the holder key; another subject’s key is LICENCE_KEY_MISMATCH; changed bytes or a changed chain binding are LICENCE_TAMPERED', () => {
    const holder = generateX25519();
    const other = generateX25519();
    const envelope = sealLicence(holder.publicKey, plaintext, binding);
    expect(openLicence(holder.secretKey, envelope, binding, licenceId)).toEqual(plaintext);
    expect(envelope.includes(Buffer.from('张三'))).toBe(false);
    expect(codeOf(() => openLicence(other.secretKey, envelope, binding, licenceId))).toBe('LICENCE_KEY_MISMATCH');
    for (const at of [20, 40, 60, envelope.length - 1]) {
      const changed = Buffer.from(envelope);
      changed[at]! ^= 0x01;
      expect(codeOf(() => openLicence(holder.secretKey, changed, binding, licenceId)), `byte ${at}`).toBe('LICENCE_TAMPERED');
    }
    expect(codeOf(() => openLicence(holder.secretKey, envelope, { ...binding, sealId: chainId32('seal-2') }, licenceId))).toBe('LICENCE_TAMPERED');
    expect(codeOf(() => openLicence(holder.secretKey, envelope, { ...binding, documentHash: `0x${'cd'.repeat(32)}` }, licenceId))).toBe('LICENCE_TAMPERED');
    expect(codeOf(() => openLicence(holder.secretKey, envelope.subarray(0, 30), binding, licenceId))).toBe('LICENCE_TAMPERED');
  });

  it('two records of one holder share no bytes that would link them (fresh ephemeral key, per-licence key check)', () => {
    const holder = generateX25519();
    const otherId = uuid7();
    const a = sealLicence(holder.publicKey, plaintext, binding);
    const b = sealLicence(holder.publicKey, plaintext, { ...binding, licenceId: chainId32(otherId) });
    expect(a.subarray(2, 50).equals(b.subarray(2, 50))).toBe(false);
    expect(a.includes(holder.publicKey)).toBe(false);
  });
});

describe('licence code (证照码)', () => {
  it('round-trips the licence id and key in 71 QR-friendly characters; malformed codes are LICENCE_CODE_INVALID without echoing them', () => {
    const { secretKey } = generateX25519();
    const code = formatLicenceCode({ licenceId, secretKey });
    expect(code).toMatch(/^SDL1\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/);
    expect(code).toHaveLength(71);
    expect(parseLicenceCode(` ${code}\n`)).toEqual({ licenceId, secretKey });
    for (const bad of ['', 'SDL2' + code.slice(4), code.slice(0, -1), `${code}A`, code.replace('.', '-'), 'SDL1.AAAAAAAAAAAAAAAAAAAAAA.' + 'A'.repeat(43)]) {
      const error = (() => {
        try {
          parseLicenceCode(bad);
        } catch (e) {
          return e as Error & { code: string };
        }
        throw new Error(`accepted ${bad}`);
      })();
      expect(error.code).toBe('LICENCE_CODE_INVALID');
      expect(error.message).not.toContain(code.slice(28));
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

describe('subject key store', () => {
  let home: string;
  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'sealdesk-subjects-'));
  });
  afterAll(() => rm(home, { recursive: true, force: true }));

  it('keeps one key pair per subject hash, wrapped at rest; shredding leaves LICENCE_SHREDDED and no copy of the key in the files', async () => {
    const a = 'a1'.repeat(32);
    const b = 'b2'.repeat(32);
    const keys = SubjectKeys.open(home);
    try {
      const first = keys.keyPair(a);
      expect(first.created).toBe(true);
      expect(keys.keyPair(a)).toMatchObject({ publicKey: first.publicKey, secretKey: first.secretKey, created: false });
      expect(keys.keyPair(b).secretKey.equals(first.secretKey)).toBe(false);
      const files = async () => Buffer.concat(await Promise.all((await readdir(join(home, 'licences'))).map((f) => readFile(join(home, 'licences', f)))));
      expect((await files()).includes(first.secretKey)).toBe(false);
      expect(keys.secretKey(a)).toEqual(first.secretKey);

      expect(keys.shred(a)).toBe(true);
      expect((await failure(Promise.resolve().then(() => keys.secretKey(a)))).code).toBe('LICENCE_SHREDDED');
      expect(keys.shred(a)).toBe(false);
      expect((await failure(Promise.resolve().then(() => keys.secretKey('c3'.repeat(32))))).code).toBe('LICENCE_SUBJECT_UNKNOWN');
      expect((await files()).includes(first.publicKey)).toBe(false);
      expect(keys.secretKey(b)).toHaveLength(32);
      // met again after shredding: a new key, the old records stay unreadable here
      expect(keys.keyPair(a).publicKey.equals(first.publicKey)).toBe(false);
    } finally {
      keys.close();
    }
  });
});
