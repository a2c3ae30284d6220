import { randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import type { Seal, SealStatus, SealStatusEvent } from '../seal.js';
import { openSealDatabase } from './database.js';
import type { CheckedSeal } from './new-seal.js';
import { SEAL_COLUMNS, sealFromRow, type SealRow } from './rows.js';
import { PreparedStatements } from '../../storage/prepared-statements.js';

export interface SealFilter {
  status?: SealStatus;
  uscc?: string;
  tokenSerial?: string;
}

/** The statuses as the seal pages name them. */
const STATUS_ZH: Readonly<Record<SealStatus, string>> = { active: '正常', suspended: '已暂停', revoked: '已注销' };

/** Seal ids are short enough to type at a counter: "seal-" and 10 hex digits. */
export function newSealId(): string {
  return `seal-${randomBytes(5).toString('hex')}`;
}

/**
 * The seals of this terminal, in SQLite under SEALDESK_HOME. A seal is never deleted, and a
 * revoked seal never changes again (the database refuses it too); every status change is kept,
 * so verification can ask what the status was when a document was stamped.
 */
export class SealRegistry {
  readonly db: Database.Database;
  readonly #sql: PreparedStatements;

  /**
   * Seals as a stamp reads them (usable(), image()), kept while the database is unchanged: a clerk
   * stamps document after document with one seal, and reading it with its chain and image cost
   * more than the rest of the registry's part of a stamp. data_version moves when another
   * connection commits (the CLI revoking a seal), and this registry's own writes (create(),
   * #change(), the only writers of the seal tables) drop the cache themselves: so a suspension or
   * revocation still stops the very next stamp.
   */
  #stamping = new Map<string, { seal: Seal; image?: Buffer }>();
  #stampingVersion = -1;
  readonly #dataVersion: Database.Statement;

  constructor(db: Database.Database) {
    this.db = db;
    this.#sql = new PreparedStatements(db);
    this.#dataVersion = db.prepare('PRAGMA data_version').pluck();
  }

  #cached(id: string): { seal: Seal; image?: Buffer } {
    const version = this.#dataVersion.get() as number;
    if (version !== this.#stampingVersion) {
      this.#stamping.clear();
      this.#stampingVersion = version;
    }
    let entry = this.#stamping.get(id);
    if (!entry) {
      entry = { seal: this.get(id) };
      this.#stamping.set(id, entry);
    }
    return entry;
  }

  static open(home: string): SealRegistry {
    return new SealRegistry(openSealDatabase(home));
  }

  /**
   * Stores a seal checked by checkNewSeal (new-seal.ts): the check parses certificates and PNGs,
   * which `verify`, reading seals only, should not load (cli-start bench).
   */
  create(seal: CheckedSeal, now = new Date()): Seal {
    const id = seal.gbt38540?.id ?? newSealId();
    const at = now.toISOString();
    const insert = this.db.transaction(() => {
      this.assertNew(seal.organisation.uscc, seal.name, seal.key.tokenSerial, seal.key.keyLabel);
      this.#sql.of(
          `INSERT INTO seals (id, name, type, org_name, org_uscc, token_serial, token_label, key_label, cert_serial, cert_issuer,
             seal_code, image_png, image_source, format, eseal_der, status, status_changed_at, not_before, not_after, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', ?, ?, ?, ?)`,
        )
        .run(
          id, seal.name, seal.type, seal.organisation.name, seal.organisation.uscc, seal.key.tokenSerial, seal.key.tokenLabel,
          seal.key.keyLabel, seal.certificateSerial, seal.certificateIssuer, seal.code ?? null, seal.image.png, seal.image.source,
          seal.gbt38540 ? 'gbt38540' : 'sealdesk', seal.gbt38540?.eseal ?? null,
          at, seal.notBefore.toISOString(), seal.notAfter.toISOString(), at,
        );
      const addCert = this.#sql.of('INSERT INTO seal_certificates (seal_id, position, der) VALUES (?, ?, ?)');
      seal.certificateChain.forEach((der, position) => addCert.run(id, position, der));
      this.#event(id, 'active', at, null);
    });
    insert();
    this.#stamping.clear();
    return this.get(id);
  }

  /** SEAL_EXISTS when the organisation has a seal of that name, or a seal already uses that key. */
  assertNew(uscc: string, name: string, tokenSerial: string, keyLabel: string): void {
    const clash = this.#sql.of('SELECT id FROM seals WHERE (org_uscc = ? AND name = ?) OR (token_serial = ? AND key_label = ?)')
      .get(uscc, name.trim(), tokenSerial, keyLabel) as { id: string } | undefined;
    if (clash) throw new SealdeskError('SEAL_EXISTS', { seal: `${clash.id} (${name} / ${keyLabel})` });
  }

  #event(id: string, status: SealStatus, at: string, reason: string | null): void {
    this.#sql.of('INSERT INTO seal_status_events (seal_id, status, at, reason) VALUES (?, ?, ?, ?)').run(id, status, at, reason);
  }

  #chain(id: string): Buffer[] {
    const rows = this.#sql.of('SELECT der FROM seal_certificates WHERE seal_id = ? ORDER BY position').all(id) as Array<{ der: Buffer }>;
    return rows.map((r) => r.der);
  }

  /** The seal, whatever its status; SEAL_NOT_FOUND when there is none. */
  get(id: string): Seal {
    const row = this.#sql.of(`SELECT ${SEAL_COLUMNS} FROM seals WHERE id = ?`).get(id) as SealRow | undefined;
    if (!row) throw new SealdeskError('SEAL_NOT_FOUND', { seal: id });
    return sealFromRow(row, this.#chain(id));
  }

  list(filter: SealFilter = {}): Seal[] {
    const conditions: Array<[string, string | undefined]> = [
      ['status = ?', filter.status],
      ['org_uscc = ?', filter.uscc],
      ['token_serial = ?', filter.tokenSerial],
    ];
    const used = conditions.filter((c): c is [string, string] => c[1] !== undefined);
    const where = used.map(([sql]) => sql);
    const args = used.map(([, value]) => value);
    const sql = `SELECT ${SEAL_COLUMNS} FROM seals ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at, id`;
    return (this.#sql.of(sql).all(...args) as SealRow[]).map((row) => sealFromRow(row, this.#chain(row.id)));
  }

  /** The seal's PNG (generated or imported). The same Buffer while the seal is unchanged: do not write to it. */
  image(id: string): Buffer {
    return this.#image(id, this.#cached(id));
  }

  #image(id: string, entry: { image?: Buffer }): Buffer {
    if (!entry.image) {
      const row = this.#sql.of('SELECT image_png FROM seals WHERE id = ?').get(id) as { image_png: Buffer } | undefined;
      if (!row) throw new SealdeskError('SEAL_NOT_FOUND', { seal: id });
      entry.image = row.image_png;
    }
    return entry.image;
  }

  /** The seal's GB/T 38540 SESeal (DER); SEAL_NO_ESEAL for a seal made without one. */
  eseal(id: string): Buffer {
    const row = this.#sql.of('SELECT eseal_der FROM seals WHERE id = ?').get(id) as { eseal_der: Buffer | null } | undefined;
    if (!row) throw new SealdeskError('SEAL_NOT_FOUND', { seal: id });
    if (!row.eseal_der) throw new SealdeskError('SEAL_NO_ESEAL', { seal: id });
    return row.eseal_der;
  }

  /**
   * The seal if it may stamp now: SEAL_REVOKED, SEAL_SUSPENDED or SEAL_NOT_VALID otherwise.
   * This is the check the stamping code makes before it asks the token for a signature.
   */
  usable(id: string, at = new Date()): Seal {
    return usableAt(this.#cached(id).seal, at);
  }

  /** usable() and image() with one look at whether the database changed: what a stamp reads. */
  usableWithImage(id: string, at = new Date()): { seal: Seal; image: Buffer } {
    const entry = this.#cached(id);
    return { seal: usableAt(entry.seal, at), image: this.#image(id, entry) };
  }

  suspend(id: string, reason: string, now = new Date()): Seal {
    return this.#change(id, 'suspended', reason, now, ['active']);
  }

  resume(id: string, reason: string | null = null, now = new Date()): Seal {
    return this.#change(id, 'active', reason, now, ['suspended']);
  }

  /** Final: a revoked seal is never active again. */
  revoke(id: string, reason: string, now = new Date()): Seal {
    return this.#change(id, 'revoked', reason, now, ['active', 'suspended']);
  }

  #change(id: string, to: SealStatus, reason: string | null, now: Date, from: SealStatus[]): Seal {
    if (to !== 'active' && !reason?.trim()) throw new SealdeskError('USAGE', { reason: `say why the seal is ${to} (--reason)`, reasonZh: `请说明${to === 'revoked' ? '注销' : '暂停使用'}该印章的原因（--reason）` });
    const at = now.toISOString();
    this.db.transaction(() => {
      const current = this.get(id);
      if (current.status === 'revoked') throw new SealdeskError('SEAL_REVOKED', { seal: id });
      if (!from.includes(current.status)) {
        throw new SealdeskError('INPUT_INVALID', {
          reason: `seal ${id} is ${current.status}; it cannot become ${to}`,
          reasonZh: `印章 ${id} 当前状态为“${STATUS_ZH[current.status]}”，不能改为“${STATUS_ZH[to]}”`,
        });
      }
      this.#sql.of('UPDATE seals SET status = ?, status_changed_at = ?, status_reason = ? WHERE id = ?').run(to, at, reason, id);
      this.#event(id, to, at, reason);
    })();
    this.#stamping.clear();
    return this.get(id);
  }

  /** Every status the seal has had, oldest first. */
  history(id: string): SealStatusEvent[] {
    this.get(id);
    return this.#sql.of('SELECT status, at, reason FROM seal_status_events WHERE seal_id = ? ORDER BY id').all(id) as SealStatusEvent[];
  }

  /** The status at a past moment (a stamp's time), from the history. */
  statusAt(id: string, at: Date): SealStatus | undefined {
    const events = this.history(id).filter((e) => new Date(e.at) <= at);
    return events[events.length - 1]?.status;
  }

  close(): void {
    this.db.close();
  }
}

/** The seal if it may stamp at `at`: SEAL_REVOKED, SEAL_SUSPENDED or SEAL_NOT_VALID otherwise. */
function usableAt(seal: Seal, at: Date): Seal {
  if (seal.status === 'revoked') throw new SealdeskError('SEAL_REVOKED', { seal: seal.id });
  if (seal.status === 'suspended') throw new SealdeskError('SEAL_SUSPENDED', { seal: seal.id });
  if (at < new Date(seal.notBefore) || at > new Date(seal.notAfter)) {
    throw new SealdeskError('SEAL_NOT_VALID', { seal: seal.id, notBefore: seal.notBefore, notAfter: seal.notAfter });
  }
  return seal;
}
