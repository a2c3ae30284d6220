import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';
import { licencesDir, subjectWrappingKey } from './terminal-secrets.js';

const HASH = /^[0-9a-f]{64}$/;
const SCHEMA = `
CREATE TABLE IF NOT EXISTS subject_keys (
  subject_hash TEXT PRIMARY KEY,
  public_key BLOB,
  wrapped_secret_key BLOB,
  created_at TEXT NOT NULL,
  shredded_at TEXT
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

/**
 * The terminal's copy of each subject's holder key, keyed by the salted subject hash (never the ID
 * number), in SEALDESK_HOME/licences/subjects.sqlite: 32 random bytes from which each record's key
 * is derived (version 2), and, for subjects met before version 2, their X25519 key pair (version 1
 * records, read only). The holder key never leaves this store: a licence code carries a record
 * secret of its own, which no copy here can make again. Keys are wrapped with
 * AES-256-GCM under the terminal key file beside it, the subject hash as associated data. Shredding
 * deletes the key and leaves a tombstone (so a later read says LICENCE_SHREDDED); secure_delete
 * zeroes the freed pages and the WAL is truncated, so no copy of the wrapped key stays in the files.
 */
export class SubjectKeys {
  readonly #db: Database.Database;
  readonly #wrappingKey: Buffer;

  private constructor(db: Database.Database, wrappingKey: Buffer) {
    this.#db = db;
    this.#wrappingKey = wrappingKey;
  }

  static open(home: string): SubjectKeys {
    const wrappingKey = subjectWrappingKey(home);
    const db = new Database(join(licencesDir(home), 'subjects.sqlite'));
    try {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.pragma('secure_delete = ON');
      db.exec(SCHEMA);
      const columns = db.prepare('PRAGMA table_info(subject_keys)').all() as Array<{ name: string }>;
      if (!columns.some((c) => c.name === 'wrapped_holder_key')) db.exec(ADD_HOLDER_KEY);
    } catch (error) {
      db.close();
      throw error;
    }
    return new SubjectKeys(db, wrappingKey);
  }

  #aad(subjectHash: string, version: 1 | 2): Buffer {
    return Buffer.from(version === 1 ? `sealdesk/subject-key/v1/${subjectHash}` : `sealdesk/holder-key/v2/${subjectHash}`);
  }

  #wrap(subjectHash: string, secretKey: Buffer, version: 1 | 2): Buffer {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#wrappingKey, iv);
    cipher.setAAD(this.#aad(subjectHash, version));
    return Buffer.concat([iv, cipher.update(secretKey), cipher.final(), cipher.getAuthTag()]);
  }

  #unwrap(subjectHash: string, wrapped: Buffer, version: 1 | 2): Buffer {
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#wrappingKey, wrapped.subarray(0, 12));
      decipher.setAAD(this.#aad(subjectHash, version));
      decipher.setAuthTag(wrapped.subarray(wrapped.length - 16));
      return Buffer.concat([decipher.update(wrapped.subarray(12, wrapped.length - 16)), decipher.final()]);
    } catch (error) {
      throw new SealdeskError('CONFIG_INVALID', { reason: 'a subject key does not open with this terminal key (licences/terminal.key replaced?)', reasonZh: '持证人密钥无法用本终端密钥解开（licences/terminal.key 是否已被替换？）' }, { cause: error });
    }
  }

  #row(subjectHash: string): { wrapped_holder_key: Buffer | null; wrapped_secret_key: Buffer | null; shredded_at: string | null } | undefined {
    if (!HASH.test(subjectHash)) throw new SealdeskError('INPUT_INVALID', { reason: 'a subject hash is 64 hex digits', reasonZh: '持证人标识哈希须为 64 位十六进制数' });
    return this.#db.prepare('SELECT wrapped_holder_key, wrapped_secret_key, shredded_at FROM subject_keys WHERE subject_hash = ?').get(subjectHash) as never;
  }

  /** The subject's holder key to seal a new record with; made on first sight (or again after shredding). */
  holderKey(subjectHash: string, now = new Date()): { key: Buffer; created: boolean } {
    const row = this.#row(subjectHash);
    if (row?.wrapped_holder_key) return { key: this.#unwrap(subjectHash, row.wrapped_holder_key, 2), created: false };
    const key = randomBytes(32);
    const wrapped = this.#wrap(subjectHash, key, 2);
    if (row) this.#db.prepare('UPDATE subject_keys SET wrapped_holder_key = ?, shredded_at = NULL WHERE subject_hash = ?').run(wrapped, subjectHash);
    else this.#db.prepare('INSERT INTO subject_keys (subject_hash, public_key, wrapped_secret_key, wrapped_holder_key, created_at, shredded_at) VALUES (?, NULL, NULL, ?, ?, NULL)').run(subjectHash, wrapped, now.toISOString());
    return { key, created: true };
  }

  /** The terminal's copies of the subject's keys: LICENCE_SHREDDED after shredding, LICENCE_SUBJECT_UNKNOWN if never made. */
  terminalKeys(subjectHash: string): TerminalHolderKeys {
    const row = this.#row(subjectHash);
    if (!row) throw new SealdeskError('LICENCE_SUBJECT_UNKNOWN');
    if (!row.wrapped_holder_key && !row.wrapped_secret_key) throw new SealdeskError('LICENCE_SHREDDED');
    return {
      ...(row.wrapped_holder_key ? { recordRoot: this.#unwrap(subjectHash, row.wrapped_holder_key, 2) } : {}),
      ...(row.wrapped_secret_key ? { v1SecretKey: this.#unwrap(subjectHash, row.wrapped_secret_key, 1) } : {}),
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
