import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';
import { generateX25519, type X25519KeyPair } from './hpke.js';
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

/**
 * The terminal's copy of each subject's X25519 key pair, keyed by the salted subject hash (never
 * the ID number), in SEALDESK_HOME/licences/subjects.sqlite. Secret keys are wrapped with
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
    } catch (error) {
      db.close();
      throw error;
    }
    return new SubjectKeys(db, wrappingKey);
  }

  #aad(subjectHash: string): Buffer {
    return Buffer.from(`sealdesk/subject-key/v1/${subjectHash}`);
  }

  #wrap(subjectHash: string, secretKey: Buffer): Buffer {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#wrappingKey, iv);
    cipher.setAAD(this.#aad(subjectHash));
    return Buffer.concat([iv, cipher.update(secretKey), cipher.final(), cipher.getAuthTag()]);
  }

  #unwrap(subjectHash: string, wrapped: Buffer): Buffer {
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#wrappingKey, wrapped.subarray(0, 12));
      decipher.setAAD(this.#aad(subjectHash));
      decipher.setAuthTag(wrapped.subarray(wrapped.length - 16));
      return Buffer.concat([decipher.update(wrapped.subarray(12, wrapped.length - 16)), decipher.final()]);
    } catch (error) {
      throw new SealdeskError('CONFIG_INVALID', { reason: 'a subject key does not open with this terminal key (licences/terminal.key replaced?)', reasonZh: '持证人密钥无法用本终端密钥解开（licences/terminal.key 是否已被替换？）' }, { cause: error });
    }
  }

  #row(subjectHash: string): { public_key: Buffer | null; wrapped_secret_key: Buffer | null; shredded_at: string | null } | undefined {
    if (!HASH.test(subjectHash)) throw new SealdeskError('INPUT_INVALID', { reason: 'a subject hash is 64 hex digits', reasonZh: '持证人标识哈希须为 64 位十六进制数' });
    return this.#db.prepare('SELECT public_key, wrapped_secret_key, shredded_at FROM subject_keys WHERE subject_hash = ?').get(subjectHash) as never;
  }

  /** The subject's key pair; a subject met for the first time (or again after shredding) gets a new one. */
  keyPair(subjectHash: string, now = new Date()): X25519KeyPair & { created: boolean } {
    const row = this.#row(subjectHash);
    if (row?.public_key && row.wrapped_secret_key) return { publicKey: row.public_key, secretKey: this.#unwrap(subjectHash, row.wrapped_secret_key), created: false };
    const pair = generateX25519();
    this.#db
      .prepare('INSERT INTO subject_keys (subject_hash, public_key, wrapped_secret_key, created_at, shredded_at) VALUES (?, ?, ?, ?, NULL) ON CONFLICT (subject_hash) DO UPDATE SET public_key = excluded.public_key, wrapped_secret_key = excluded.wrapped_secret_key, created_at = excluded.created_at, shredded_at = NULL')
      .run(subjectHash, pair.publicKey, this.#wrap(subjectHash, pair.secretKey), now.toISOString());
    return { ...pair, created: true };
  }

  /** The terminal's copy of the subject's secret key: LICENCE_SHREDDED after shredding, LICENCE_SUBJECT_UNKNOWN if never made. */
  secretKey(subjectHash: string): Buffer {
    const row = this.#row(subjectHash);
    if (!row) throw new SealdeskError('LICENCE_SUBJECT_UNKNOWN');
    if (!row.wrapped_secret_key) throw new SealdeskError('LICENCE_SHREDDED');
    return this.#unwrap(subjectHash, row.wrapped_secret_key);
  }

  /** Crypto-shredding: the key is gone for good, the chain untouched. False when there was no key. */
  shred(subjectHash: string, now = new Date()): boolean {
    const row = this.#row(subjectHash);
    if (!row?.wrapped_secret_key) return false;
    this.#db.prepare('UPDATE subject_keys SET public_key = NULL, wrapped_secret_key = NULL, shredded_at = ? WHERE subject_hash = ?').run(now.toISOString(), subjectHash);
    this.#db.pragma('wal_checkpoint(TRUNCATE)');
    return true;
  }

  close(): void {
    this.#db.close();
  }
}
