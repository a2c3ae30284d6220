import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { ObjectClass, SessionFlag, type SecretKey } from 'graphene-pk11';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LICENCE_WRAP_LABEL, terminalKeyWrapper, tokenWrapper } from '../../../appliance/licences/licence-wrapping-key.js';
import { SubjectKeys } from '../../../appliance/licences/subject-keys.js';
import { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import { failure } from '../../helpers/failure.js';
import { openTokenFixture, USER_PIN, type TokenFixture } from '../../helpers/softhsm.js';

let fx: TokenFixture;
const LABEL = 'terminal-token';
const token = () => fx.pkcs11.token({ label: LABEL });

beforeAll(async () => {
  fx = await openTokenFixture([LABEL]);
  await token().login(USER_PIN);
}, 60_000);
afterAll(async () => fx?.close());

async function newHome(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'sealdesk-subjects-'));
}

/** Every byte under the home directory, and the file names. */
async function homeBytes(home: string): Promise<{ names: string[]; bytes: Buffer }> {
  const names: string[] = [];
  const chunks: Buffer[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else {
        names.push(path.slice(home.length + 1));
        chunks.push(await readFile(path));
      }
    }
  };
  await walk(home);
  return { names: names.sort(), bytes: Buffer.concat(chunks) };
}

/** A key's bytes as they could sit in a file: raw, hex, base64. */
const holds = (bytes: Buffer, key: Buffer) => bytes.includes(key) || bytes.includes(Buffer.from(key.toString('hex'))) || bytes.includes(Buffer.from(key.toString('base64')));

/** The wrapping keys on the token as another session of this application sees them. */
function wrapKeysOnToken(): Array<{ attributes: Record<string, boolean>; valueReadable: boolean }> {
  const serial = token().serial;
  const slots = fx.pkcs11.modules[0]!.graphene.getSlots(true);
  const slot = Array.from({ length: slots.length }, (_, i) => slots.items(i)).find((s) => s.getToken().serialNumber === serial)!;
  const session = slot.open(SessionFlag.SERIAL_SESSION);
  try {
    const found = session.find({ class: ObjectClass.SECRET_KEY, label: LICENCE_WRAP_LABEL });
    return Array.from({ length: found.length }, (_, i) => {
      const key = found.items(i).toType<SecretKey>();
      let valueReadable = true;
      try {
        key.getAttribute({ value: null });
      } catch {
        valueReadable = false;
      }
      return { attributes: { token: key.token, private: key.private, sensitive: key.sensitive, extractable: key.extractable, encrypt: key.encrypt, decrypt: key.decrypt, wrap: key.wrap, sign: key.sign }, valueReadable };
    });
  } finally {
    session.close();
  }
}

describe('subject key store: holder keys wrapped by an AES key on the terminal token', () => {
  let home: string;
  beforeAll(async () => {
    home = await newHome();
  });
  afterAll(() => rm(home, { recursive: true, force: true }));

  it('keeps one holder key per subject hash; the home holds no wrapping key file and no holder key; shredding leaves LICENCE_SHREDDED', async () => {
    const a = 'a1'.repeat(32);
    const b = 'b2'.repeat(32);
    const keys = await SubjectKeys.open(home, await terminalKeyWrapper(home, fx.pkcs11, async () => {}));
    try {
      const first = await keys.holderKey(a);
      expect(first.created).toBe(true);
      expect(await keys.holderKey(a)).toEqual({ key: first.key, created: false });
      const second = await keys.holderKey(b);
      expect(second.key.equals(first.key)).toBe(false);
      expect(await keys.terminalKeys(a)).toEqual({ recordRoot: first.key });

      const files = await homeBytes(home);
      expect(files.names.filter((n) => !n.startsWith('licences/subjects.sqlite'))).toEqual([]);
      expect(existsSync(join(home, 'licences', 'terminal.key'))).toBe(false);
      expect(holds(files.bytes, first.key) || holds(files.bytes, second.key)).toBe(false);

      expect(keys.shred(a)).toBe(true);
      expect((await failure(keys.terminalKeys(a))).code).toBe('LICENCE_SHREDDED');
      expect(keys.shred(a)).toBe(false);
      expect((await failure(keys.terminalKeys('c3'.repeat(32)))).code).toBe('LICENCE_SUBJECT_UNKNOWN');
      expect((await keys.terminalKeys(b)).recordRoot).toEqual(second.key);
      // met again after shredding: a new key, the old records stay unreadable here
      expect((await keys.holderKey(a)).key.equals(first.key)).toBe(false);
    } finally {
      keys.close();
    }
  });

  it('the wrapping key is one token object: private, sensitive, never extractable, encrypt/decrypt only; its value cannot be read', () => {
    const keys = wrapKeysOnToken();
    expect(keys).toHaveLength(1);
    expect(keys[0]).toEqual({ attributes: { token: true, private: true, sensitive: true, extractable: false, encrypt: true, decrypt: true, wrap: false, sign: false }, valueReadable: false });
  });

  it('a stored key does not open for another subject (the subject hash is bound as associated data)', async () => {
    const db = new Database(join(home, 'licences', 'subjects.sqlite'));
    const b = 'b2'.repeat(32);
    const c = 'c3'.repeat(32);
    try {
      const { wrapped_holder_key: wrapped } = db.prepare('SELECT wrapped_holder_key FROM subject_keys WHERE subject_hash = ?').get(b) as { wrapped_holder_key: Buffer };
      db.prepare('INSERT INTO subject_keys (subject_hash, wrapped_holder_key, created_at) VALUES (?, ?, ?)').run(c, wrapped, new Date().toISOString());
    } finally {
      db.close();
    }
    const keys = await SubjectKeys.open(home, tokenWrapper(token()));
    try {
      const refused = await keys.terminalKeys(c).then(() => undefined, (error: unknown) => error);
      expect(refused).toBeInstanceOf(Error);
    } finally {
      keys.close();
    }
  });

  it('with the token not open, issuing and reading keys are LICENCE_KEY_UNAVAILABLE (503, zh and en) and nothing is written', async () => {
    const keys = await SubjectKeys.open(home, tokenWrapper(token()));
    const rows = () => {
      const db = new Database(join(home, 'licences', 'subjects.sqlite'), { readonly: true });
      try {
        return db.prepare('SELECT count(*) AS n FROM subject_keys').get();
      } finally {
        db.close();
      }
    };
    const before = rows();
    await token().logout();
    try {
      const made = await failure(keys.holderKey('d4'.repeat(32)));
      expect({ code: made.code, status: made.status, token: made.details.token }).toEqual({ code: 'LICENCE_KEY_UNAVAILABLE', status: 503, token: LABEL });
      expect(made.messageZh).toContain('终端令牌');
      expect((await failure(keys.terminalKeys('b2'.repeat(32)))).code).toBe('LICENCE_KEY_UNAVAILABLE');
      // a login that requires an open token (the kiosk's): the same typed refusal
      const required = await failure(terminalKeyWrapper(home, fx.pkcs11, async (t) => {
        if (!t.isLoggedIn) throw new SealdeskError('LOGIN_REQUIRED');
      }));
      expect(required.code).toBe('LICENCE_KEY_UNAVAILABLE');
      expect(rows()).toEqual(before);
    } finally {
      keys.close();
      await token().login(USER_PIN);
    }
  });
});

describe('a home from before: licences/terminal.key beside the store', () => {
  const aad = (subject: string, version: 1 | 2) => Buffer.from(version === 1 ? `sealdesk/subject-key/v1/${subject}` : `sealdesk/holder-key/v2/${subject}`);
  /** How earlier sealdesk wrapped a key with the file key (AES-256-GCM in Node). */
  const fileWrap = (fileKey: Buffer, subject: string, key: Buffer, version: 1 | 2) => {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', fileKey, iv);
    cipher.setAAD(aad(subject, version));
    return Buffer.concat([iv, cipher.update(key), cipher.final(), cipher.getAuthTag()]);
  };
  const opensWithFileKey = (fileKey: Buffer, subject: string, wrapped: Buffer, version: 1 | 2) => {
    try {
      const decipher = createDecipheriv('aes-256-gcm', fileKey, wrapped.subarray(0, 12));
      decipher.setAAD(aad(subject, version));
      decipher.setAuthTag(wrapped.subarray(wrapped.length - 16));
      Buffer.concat([decipher.update(wrapped.subarray(12, wrapped.length - 16)), decipher.final()]);
      return true;
    } catch {
      return false;
    }
  };

  it('is migrated once: every holder key re-wrapped on the token, the file removed, no copy of the file key left in the home', async () => {
    const home = await newHome();
    try {
      const fileKey = randomBytes(32);
      const v2 = { subject: 'e5'.repeat(32), key: randomBytes(32) };
      const v1 = { subject: 'f6'.repeat(32), key: randomBytes(32) };
      // the store as the earlier version left it (schema made by opening without a wrapper: no migration)
      (await SubjectKeys.open(home)).close();
      await mkdir(join(home, 'licences'), { recursive: true });
      await writeFile(join(home, 'licences', 'terminal.key'), fileKey, { mode: 0o600 });
      const db = new Database(join(home, 'licences', 'subjects.sqlite'));
      db.prepare('INSERT INTO subject_keys (subject_hash, wrapped_holder_key, created_at) VALUES (?, ?, ?)').run(v2.subject, fileWrap(fileKey, v2.subject, v2.key, 2), new Date().toISOString());
      db.prepare('INSERT INTO subject_keys (subject_hash, wrapped_secret_key, created_at) VALUES (?, ?, ?)').run(v1.subject, fileWrap(fileKey, v1.subject, v1.key, 1), new Date().toISOString());
      db.close();

      const keys = await SubjectKeys.open(home, tokenWrapper(token()));
      try {
        expect(existsSync(join(home, 'licences', 'terminal.key'))).toBe(false);
        expect(await keys.terminalKeys(v2.subject)).toEqual({ recordRoot: v2.key });
        expect(await keys.terminalKeys(v1.subject)).toEqual({ v1SecretKey: v1.key });
      } finally {
        keys.close();
      }
      const stored = new Database(join(home, 'licences', 'subjects.sqlite'), { readonly: true });
      try {
        const rows = stored.prepare('SELECT subject_hash, wrapped_holder_key, wrapped_secret_key FROM subject_keys').all() as Array<{ subject_hash: string; wrapped_holder_key: Buffer | null; wrapped_secret_key: Buffer | null }>;
        // the file key, were it found again, opens nothing now
        expect(rows.some((r) => (r.wrapped_holder_key && opensWithFileKey(fileKey, r.subject_hash, r.wrapped_holder_key, 2)) || (r.wrapped_secret_key && opensWithFileKey(fileKey, r.subject_hash, r.wrapped_secret_key, 1)))).toBe(false);
      } finally {
        stored.close();
      }
      const files = await homeBytes(home);
      expect(holds(files.bytes, fileKey) || holds(files.bytes, v2.key) || holds(files.bytes, v1.key)).toBe(false);

      // opened again: nothing to migrate, the keys still there
      const again = await SubjectKeys.open(home, tokenWrapper(token()));
      try {
        expect(await again.terminalKeys(v2.subject)).toEqual({ recordRoot: v2.key });
      } finally {
        again.close();
      }
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  });

  it('without the token open, the legacy store is left as it was (file and rows), the open refused with LICENCE_KEY_UNAVAILABLE', async () => {
    const home = await newHome();
    try {
      const fileKey = randomBytes(32);
      const subject = 'a7'.repeat(32);
      (await SubjectKeys.open(home)).close();
      await writeFile(join(home, 'licences', 'terminal.key'), fileKey, { mode: 0o600 });
      const db = new Database(join(home, 'licences', 'subjects.sqlite'));
      const wrapped = fileWrap(fileKey, subject, randomBytes(32), 2);
      db.prepare('INSERT INTO subject_keys (subject_hash, wrapped_holder_key, created_at) VALUES (?, ?, ?)').run(subject, wrapped, new Date().toISOString());
      db.close();
      await token().logout();
      try {
        expect((await failure(SubjectKeys.open(home, tokenWrapper(token())))).code).toBe('LICENCE_KEY_UNAVAILABLE');
      } finally {
        await token().login(USER_PIN);
      }
      expect(await readFile(join(home, 'licences', 'terminal.key'))).toEqual(fileKey);
      const after = new Database(join(home, 'licences', 'subjects.sqlite'), { readonly: true });
      try {
        expect((after.prepare('SELECT wrapped_holder_key FROM subject_keys').get() as { wrapped_holder_key: Buffer }).wrapped_holder_key).toEqual(wrapped);
      } finally {
        after.close();
      }
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  });
});
