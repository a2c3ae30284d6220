import { createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';
import type { HolderKeyWrapper } from './licence-wrapping-key.js';
import { legacyWrappingKeyPath, licencesDir } from './terminal-secrets.js';

const HASH = /^[0-9a-f]{64}$/;
const SCHEMA = `
CREATE TABLE IF NOT EXISTS subject_keys (
  subject_hash TEXT PRIMARY KEY,
  public_key BLOB,
  wrapped_secret_key BLOB,
  created_at TEXT NOT NULL,
  shredded_at TEXT
);
CREATE TABLE IF NOT EXISTS wrapping (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  kind TEXT NOT NULL
);`;
// version 2's holder key, beside the version 1 key pair of the rows made before it
const ADD_HOLDER_KEY = 'ALTER TABLE subject_keys ADD COLUMN wrapped_holder_key BLOB';

/** This terminal's copies of a holder's keys: what opens their records here (LicenceKey 'terminal'). */
export interface TerminalHolderKeys {
  /** The version 2 holder key: record keys are derived from it (licence-envelope.ts). */
  recordRoot?: Buffer;
  /** The version 1 X25519 secret key: records published before version 2. */
  v1SecretKey?: Buffer;
}

type Row = { subject_hash: string; wrapped_holder_key: Buffer | null; wrapped_secret_key: Buffer | null; shredded_at: string | null };

const aadOf = (subjectHash: string, version: 1 | 2): Buffer => Buffer.from(version === 1 ? `sealdesk/subject-key/v1/${subjectHash}` : `sealdesk/holder-key/v2/${subjectHash}`);

/** Opens a key wrapped by the file key of earlier sealdesk versions (AES-256-GCM in Node: iv ‖ ciphertext ‖ tag). */
function unwrapWithFileKey(fileKey: Buffer, subjectHash: string, wrapped: Buffer, version: 1 | 2): Buffer {
  try {
    const decipher = createDecipheriv('aes-256-gcm', fileKey, wrapped.subarray(0, 12));
    decipher.setAAD(aadOf(subjectHash, version));
    decipher.setAuthTag(wrapped.subarray(wrapped.length - 16));
    return Buffer.concat([decipher.update(wrapped.subarray(12, wrapped.length - 16)), decipher.final()]);
  } catch (error) {
    throw new SealdeskError('CONFIG_INVALID', { reason: 'a subject key does not open with licences/terminal.key (replaced?)', reasonZh: '持证人密钥无法用 licences/terminal.key 解开（是否已被替换？）' }, { cause: error });
  }
}

/**
 * The terminal's copy of each subject's holder key, keyed by the salted subject hash (never the ID
 * number), in SEALDESK_HOME/licences/subjects.sqlite: 32 random bytes from which each record's key
 * is derived (version 2), and, for subjects met before version 2, their X25519 key pair (version 1
 * records, read only). The holder key never leaves this store: a licence code carries a record
 * secret of its own, which no copy here can make again. Keys are wrapped with AES-256-GCM by a key
 * on the terminal's token (licence-wrapping-key.ts), the subject hash as associated data: nothing
 * in the home directory opens them. A home from before that (licences/terminal.key beside the
 * store) is migrated once, when first opened with the token: every key re-wrapped on the token in
 * one transaction, then the file removed. Shredding deletes the key and leaves a tombstone (so a
 * later read says LICENCE_SHREDDED); secure_delete zeroes the freed pages and the WAL is
 * truncated, so no copy of the wrapped key stays in the files.
 */
export class SubjectKeys {
  readonly #db: Database.Database;
  readonly #wrapper: HolderKeyWrapper | undefined;

  private constructor(db: Database.Database, wrapper: HolderKeyWrapper | undefined) {
    this.#db = db;
    this.#wrapper = wrapper;
  }

  /**
   * The store. Without a wrapper it can only shred (no key is opened or made); with one, a
   * legacy file key is migrated onto the token first.
   */
  static async open(home: string, wrapper?: HolderKeyWrapper): Promise<SubjectKeys> {
    const dir = licencesDir(home);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const db = new Database(join(dir, 'subjects.sqlite'));
    let keys: SubjectKeys;
    try {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.pragma('secure_delete = ON');
      db.exec(SCHEMA);
      const columns = db.prepare('PRAGMA table_info(subject_keys)').all() as Array<{ name: string }>;
      if (!columns.some((c) => c.name === 'wrapped_holder_key')) db.exec(ADD_HOLDER_KEY);
      keys = new SubjectKeys(db, wrapper);
    } catch (error) {
      db.close();
      throw error;
    }
    if (!wrapper) return keys;
    try {
      await keys.#migrate(legacyWrappingKeyPath(home), wrapper);
    } catch (error) {
      keys.close();
      throw error;
    }
    return keys;
  }

  /**
   * Re-wraps every key held under the legacy file key with the token's key, then removes the file.
   * All rows change in one transaction that also records the new wrapping, so a crash before the
   * file is removed leaves rows the next open knows not to migrate again (it removes the file).
   */
  async #migrate(filePath: string, wrapper: HolderKeyWrapper): Promise<void> {
    const kind = (this.#db.prepare('SELECT kind FROM wrapping WHERE id = 1').get() as { kind: string } | undefined)?.kind;
    if (kind === undefined) {
      const rows = this.#db.prepare('SELECT subject_hash, wrapped_holder_key, wrapped_secret_key, shredded_at FROM subject_keys').all() as Row[];
      const held = rows.some((r) => r.wrapped_holder_key || r.wrapped_secret_key);
      const updates: Array<{ subject: string; holder: Buffer | null; secret: Buffer | null }> = [];
      if (held) {
        if (!existsSync(filePath)) throw new SealdeskError('CONFIG_INVALID', { reason: 'licences/subjects.sqlite holds keys but licences/terminal.key, which wraps them, is gone', reasonZh: 'licences/subjects.sqlite 中有持证人密钥，但包装它们的 licences/terminal.key 已不存在' });
        const fileKey = readFileSync(filePath);
        try {
          for (const row of rows) {
            const subject = row.subject_hash;
            const rewrap = async (wrapped: Buffer | null, version: 1 | 2) => {
              if (!wrapped) return null;
              const key = unwrapWithFileKey(fileKey, subject, wrapped, version);
              try {
                return await wrapper.wrap(key, aadOf(subject, version));
              } finally {
                key.fill(0);
              }
            };
            updates.push({ subject, holder: await rewrap(row.wrapped_holder_key, 2), secret: await rewrap(row.wrapped_secret_key, 1) });
          }
        } finally {
          fileKey.fill(0);
        }
      }
      const update = this.#db.prepare('UPDATE subject_keys SET wrapped_holder_key = ?, wrapped_secret_key = ? WHERE subject_hash = ?');
      this.#db.transaction(() => {
        // another process may have migrated meanwhile: its rows stand
        if (this.#db.prepare('SELECT kind FROM wrapping WHERE id = 1').get()) return;
        for (const u of updates) update.run(u.holder, u.secret, u.subject);
        this.#db.prepare('INSERT INTO wrapping (id, kind) VALUES (1, ?)').run('token');
      }).immediate();
      // the old wrapped values must not stay in the WAL or freed pages
      this.#db.pragma('wal_checkpoint(TRUNCATE)');
    }
    rmSync(filePath, { force: true });
  }

  #requireWrapper(): HolderKeyWrapper {
    if (!this.#wrapper) throw new SealdeskError('LICENCE_KEY_UNAVAILABLE', { token: 'none' });
    return this.#wrapper;
  }

  async #unwrap(subjectHash: string, wrapped: Buffer, version: 1 | 2): Promise<Buffer> {
    return this.#requireWrapper().unwrap(wrapped, aadOf(subjectHash, version));
  }

  #row(subjectHash: string): Row | undefined {
    if (!HASH.test(subjectHash)) throw new SealdeskError('INPUT_INVALID', { reason: 'a subject hash is 64 hex digits', reasonZh: '持证人标识哈希须为 64 位十六进制数' });
    return this.#db.prepare('SELECT subject_hash, wrapped_holder_key, wrapped_secret_key, shredded_at FROM subject_keys WHERE subject_hash = ?').get(subjectHash) as never;
  }

  /** The subject's holder key to seal a new record with; made on first sight (or again after shredding). */
  async holderKey(subjectHash: string, now = new Date()): Promise<{ key: Buffer; created: boolean }> {
    const row = this.#row(subjectHash);
    if (row?.wrapped_holder_key) return { key: await this.#unwrap(subjectHash, row.wrapped_holder_key, 2), created: false };
    const key = randomBytes(32);
    const wrapped = await this.#requireWrapper().wrap(key, aadOf(subjectHash, 2));
    if (row) this.#db.prepare('UPDATE subject_keys SET wrapped_holder_key = ?, shredded_at = NULL WHERE subject_hash = ?').run(wrapped, subjectHash);
    else this.#db.prepare('INSERT INTO subject_keys (subject_hash, public_key, wrapped_secret_key, wrapped_holder_key, created_at, shredded_at) VALUES (?, NULL, NULL, ?, ?, NULL)').run(subjectHash, wrapped, now.toISOString());
    return { key, created: true };
  }

  /** The terminal's copies of the subject's keys: LICENCE_SHREDDED after shredding, LICENCE_SUBJECT_UNKNOWN if never made. */
  async terminalKeys(subjectHash: string): Promise<TerminalHolderKeys> {
    const row = this.#row(subjectHash);
    if (!row) throw new SealdeskError('LICENCE_SUBJECT_UNKNOWN');
    if (!row.wrapped_holder_key && !row.wrapped_secret_key) throw new SealdeskError('LICENCE_SHREDDED');
    return {
      ...(row.wrapped_holder_key ? { recordRoot: await this.#unwrap(subjectHash, row.wrapped_holder_key, 2) } : {}),
      ...(row.wrapped_secret_key ? { v1SecretKey: await this.#unwrap(subjectHash, row.wrapped_secret_key, 1) } : {}),
    };
  }

  /** Crypto-shredding: every copy of the subject's keys is gone for good, the chain untouched. False when there was none. */
  shred(subjectHash: string, now = new Date()): boolean {
    const row = this.#row(subjectHash);
    if (!row?.wrapped_holder_key && !row?.wrapped_secret_key) return false;
    this.#db.prepare('UPDATE subject_keys SET public_key = NULL, wrapped_secret_key = NULL, wrapped_holder_key = NULL, shredded_at = ? WHERE subject_hash = ?').run(now.toISOString(), subjectHash);
    this.#db.pragma('wal_checkpoint(TRUNCATE)');
    return true;
  }

  close(): void {
    this.#db.close();
  }
}
