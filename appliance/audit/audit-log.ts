import type Database from 'better-sqlite3';
import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';
import { canonicalJson } from '../ledger/outbox/canonical-json.js';
import { statementsOf } from '../storage/prepared-statements.js';
import { outboxPath } from '../ledger/ledger-config.js';
import { loadAuditConfig } from './audit-config.js';
import { ACTOR_ORGANISATION, auditPath, openAuditDb } from './audit-db.js';
import { AUDIT_ACTIONS, AUDIT_OUTCOMES, entryHash, GENESIS_HASH, type AuditAction, type AuditEntry, type AuditEntryBody, type AuditEntryInput } from './audit-entry.js';
import type { AuditCheckpointRecord } from './audit-checkpoint-record.js';
import { entryOf, INSERT_ENTRY, type EntryRow } from './audit-rows.js';
import { verifyAuditLog, type AuditVerification } from './audit-verify.js';
import { writeHeadFile, type AuditHead } from './head-file.js';
import { checkDetails, checkField } from './sensitive-details.js';

export interface AuditLogOptions {
  /** Rewritten after every append (see head-file.ts); off unless configured. */
  headFile?: string;
  /** The ledger outbox whose audit-checkpoint events witness the head; verify reads it when it exists. */
  outboxPath?: string;
}

export interface AuditListQuery {
  /** The first seq to return (the last one with `descending`). */
  from?: number;
  /** At most this many (default 100, at most 1000). */
  limit?: number;
  action?: AuditAction | readonly AuditAction[];
  /** Only entries of these organisations (an operator's subtree), as the target's or the actor's… */
  organisationIds?: readonly string[];
  /** …and, with this, those of no organisation (CLI actions, failed sign-ins of unknown users). */
  includeUnassigned?: boolean;
  /** Newest first. */
  descending?: boolean;
}

const MAX_LIMIT = 1000;

function bodyOf(input: AuditEntryInput, seq: number, prev: string): AuditEntryBody {
  return {
    v: 1,
    seq,
    time: (input.time ?? new Date()).toISOString(),
    action: input.action,
    actor: { id: input.actor.id, username: input.actor.username ?? null, role: input.actor.role ?? null },
    organisationId: input.organisationId ?? null,
    target: input.target ?? null,
    outcome: input.outcome,
    errorCode: input.errorCode ?? null,
    details: input.details ?? {},
    prev,
  };
}

function checkInput(input: AuditEntryInput): void {
  const invalid = (reason: string, reasonZh: string) => new SealdeskError('INPUT_INVALID', { reason, reasonZh });
  if (!AUDIT_ACTIONS.includes(input.action)) throw invalid(`unknown audit action ${String(input.action)}`, `未知的审计操作 ${String(input.action)}`);
  if (!AUDIT_OUTCOMES.includes(input.outcome)) throw invalid(`unknown audit outcome ${String(input.outcome)}`, `未知的审计结果 ${String(input.outcome)}`);
  if (!input.actor?.id) throw invalid('the audit actor has no id', '审计记录缺少操作人标识');
  if (typeof input.details !== 'undefined' && (typeof input.details !== 'object' || input.details === null || Array.isArray(input.details))) throw invalid('audit details must be an object', '审计明细须为对象');
  checkDetails(input.details ?? {});
  checkField('actor.id', input.actor.id);
  checkField('actor.username', input.actor.username);
  checkField('target', input.target);
  checkField('organisationId', input.organisationId);
  checkField('errorCode', input.errorCode);
}

/**
 * The terminal's audit log: append-only, each entry hashed over its content and the previous
 * entry's hash, so changing, removing, inserting or reordering an entry breaks the chain at that
 * point (verify). What a chain alone cannot show is entries cut off its end, or a chain
 * recomputed from some point on by someone with write access: checkpoints anchored through the
 * ledger (and the optional head file) are the outside witnesses for that.
 */
export class AuditLog {
  readonly db: Database.Database;
  readonly options: AuditLogOptions;

  constructor(db: Database.Database, options: AuditLogOptions = {}) {
    this.db = db;
    this.options = options;
  }

  /** $SEALDESK_HOME/audit.db, witnessed by the home's ledger outbox and the configured head file (audit-config.ts). */
  static open(home: string, options: AuditLogOptions = {}): AuditLog {
    const { headFile } = loadAuditConfig(home);
    return AuditLog.openPath(auditPath(home), { outboxPath: outboxPath(home), ...(headFile ? { headFile } : {}), ...options });
  }

  static openPath(path: string, options: AuditLogOptions = {}): AuditLog {
    try {
      return new AuditLog(openAuditDb(path), options);
    } catch (error) {
      throw new SealdeskError('AUDIT_WRITE_FAILED', { reason: (error as Error).message }, { cause: error });
    }
  }

  /**
   * Appends one entry and returns it once it is on disk (synchronous=FULL). The caller performs
   * the action only after this returned — or, for an action already done (a failed PIN), records
   * it right after; an AUDIT_WRITE_FAILED then fails the request. The read of the last entry and
   * the insert are one IMMEDIATE transaction, so two processes appending never fork the chain.
   */
  append(input: AuditEntryInput): AuditEntry {
    checkInput(input);
    try {
      const entry = this.db
        .transaction(() => {
          const last = statementsOf(this.db).of('SELECT seq, hash FROM entries ORDER BY seq DESC LIMIT 1').get() as AuditHead | undefined;
          const body = bodyOf(input, (last?.seq ?? 0) + 1, last?.hash ?? GENESIS_HASH);
          const full: AuditEntry = { ...body, hash: entryHash(body) };
          statementsOf(this.db).of(INSERT_ENTRY).run({
            seq: full.seq,
            time: full.time,
            action: full.action,
            actorId: full.actor.id,
            actorUsername: full.actor.username,
            actorRole: full.actor.role,
            organisationId: full.organisationId,
            target: full.target,
            outcome: full.outcome,
            errorCode: full.errorCode,
            details: canonicalJson(full.details),
            prev: full.prev,
            hash: full.hash,
          });
          return full;
        })
        .immediate();
      if (this.options.headFile) writeHeadFile(this.options.headFile, { seq: entry.seq, hash: entry.hash });
      return entry;
    } catch (error) {
      throw new SealdeskError('AUDIT_WRITE_FAILED', { reason: (error as Error).message }, { cause: error });
    }
  }

  list(query: AuditListQuery = {}): AuditEntry[] {
    const where: string[] = [];
    const params: Array<string | number> = [];
    if (query.from !== undefined) {
      where.push(query.descending ? 'seq <= ?' : 'seq >= ?');
      params.push(query.from);
    }
    const actions = query.action === undefined ? [] : typeof query.action === 'string' ? [query.action] : [...query.action];
    if (actions.length) {
      where.push(`action IN (${actions.map(() => '?').join(',')})`);
      params.push(...actions);
    }
    if (query.organisationIds) {
      // an entry belongs to its organisation (the target's) and to its actor's, when the actor acted across subtrees
      const marks = query.organisationIds.map(() => '?').join(',');
      const some = `(organisation_id IN (${marks}) OR ${ACTOR_ORGANISATION} IN (${marks}))`;
      where.push(query.includeUnassigned ? `(organisation_id IS NULL OR ${some})` : some);
      params.push(...query.organisationIds, ...query.organisationIds);
    }
    const limit = Math.max(1, Math.min(MAX_LIMIT, Math.floor(query.limit ?? 100)));
    const sql = `SELECT * FROM entries ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq ${query.descending ? 'DESC' : 'ASC'} LIMIT ${limit}`;
    return (this.db.prepare(sql).all(...params) as EntryRow[]).map(entryOf);
  }

  entry(seq: number): AuditEntry | undefined {
    const row = this.db.prepare('SELECT * FROM entries WHERE seq = ?').get(seq) as EntryRow | undefined;
    return row && entryOf(row);
  }

  /** The last entry's seq and hash; seq 0 and the genesis hash while the log is empty. */
  head(): AuditHead {
    const last = this.db.prepare('SELECT seq, hash FROM entries ORDER BY seq DESC LIMIT 1').get() as AuditHead | undefined;
    return last ?? { seq: 0, hash: GENESIS_HASH };
  }

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM entries').get() as { n: number }).n;
  }

  /**
   * Every entry in seq order, a page at a time: verify walks logs of millions of entries, and
   * looks other entries up while it walks, which an open SQLite cursor would not allow.
   */
  *all(): Generator<AuditEntry> {
    const page = this.db.prepare('SELECT * FROM entries WHERE seq > ? ORDER BY seq LIMIT 1000');
    for (let after = Number.MIN_SAFE_INTEGER; ; ) {
      const rows = page.all(after) as EntryRow[];
      if (rows.length === 0) return;
      for (const row of rows) yield entryOf(row);
      after = rows[rows.length - 1]!.seq;
    }
  }

  /** The seq of the entry stored with this hash (the hash index makes it cheap). */
  seqOfHash(hash: string): number | undefined {
    return (this.db.prepare('SELECT seq FROM entries WHERE hash = ? ORDER BY seq LIMIT 1').get(hash) as { seq: number } | undefined)?.seq;
  }

  addCheckpoint(record: AuditCheckpointRecord): void {
    this.db.prepare('INSERT OR IGNORE INTO checkpoints (seq, hash, content, event_id, created_at) VALUES (?, ?, ?, ?, ?)').run(record.seq, record.hash, record.content, record.eventId, record.createdAt);
  }

  checkpoints(): AuditCheckpointRecord[] {
    return this.db.prepare('SELECT seq, hash, content, event_id AS eventId, created_at AS createdAt FROM checkpoints ORDER BY seq').all() as AuditCheckpointRecord[];
  }

  lastCheckpoint(): AuditCheckpointRecord | undefined {
    return this.db.prepare('SELECT seq, hash, content, event_id AS eventId, created_at AS createdAt FROM checkpoints ORDER BY seq DESC LIMIT 1').get() as AuditCheckpointRecord | undefined;
  }

  /** Walks the chain and checks it against every witness; see audit-verify.ts. */
  verify(): AuditVerification {
    return verifyAuditLog(this);
  }

  close(): void {
    this.db.close();
  }
}
