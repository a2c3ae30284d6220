import { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import type { Organisation, OrganisationLevel } from '../../directory/organisation.js';
import { canonicalJson } from '../outbox/canonical-json.js';
import { getStoredRecord, putStoredRecord, recordHash } from './record-store.js';

/**
 * The hall's other records beside seal records (same store, same naming by SHA-256 of the
 * canonical JSON): an organisation of the tree, and a terminal. The chain binds each hash to its
 * key (OrganisationRecordPublished, TerminalRegistered); the follower reads the bytes, checks
 * them against the hash and applies them.
 */
export interface OrganisationRecord {
  version: 1;
  kind: 'organisation';
  id: string;
  name: string;
  nameEn: string | null;
  level: OrganisationLevel;
  uscc: string | null;
  parentId: string | null;
  createdAt: string;
  updatedAt: string;
}

export const TERMINAL_KINDS = ['counter', 'kiosk', 'desk'] as const;
export type TerminalKind = (typeof TERMINAL_KINDS)[number];

export interface TerminalRecord {
  version: 1;
  kind: 'terminal';
  /** The terminal's chain key address (lower case): its identity in the hall. */
  address: string;
  name: string;
  terminalKind: TerminalKind;
  /** The organisation's id in the hall's tree (the desk's directory, followed by every terminal). */
  organisationId: string;
  registeredAt: string;
}

export type HallRecord = OrganisationRecord | TerminalRecord;

export function organisationRecordOf(o: Organisation): OrganisationRecord {
  return { version: 1, kind: 'organisation', id: o.id, name: o.name, nameEn: o.nameEn, level: o.level, uscc: o.uscc, parentId: o.parentId, createdAt: o.createdAt, updatedAt: o.updatedAt };
}

export const hallRecordBytes = (record: HallRecord): Buffer => Buffer.from(canonicalJson(record), 'utf8');
export const hallRecordHash = (record: HallRecord): string => recordHash(hallRecordBytes(record));

const invalid = (hash: string, reason: string, reasonZh = reason, cause?: unknown) => new SealdeskError('HALL_RECORD_INVALID', { hash, reason, reasonZh }, cause === undefined ? undefined : { cause });

/** Writes a record into the store directory (atomically); returns its hash. */
export function putHallRecord(store: string, record: HallRecord): string {
  return putStoredRecord(store, hallRecordBytes(record), { en: 'hall', zh: '大厅' });
}

/** The record of that hash and kind from a directory or an http(s) base URL, its bytes checked against the hash. */
export async function getHallRecord<K extends HallRecord['kind']>(store: string, hash: string, kind: K, timeoutMs = 5_000): Promise<Extract<HallRecord, { kind: K }>> {
  const bytes = await getStoredRecord(store, hash, timeoutMs, (reason, reasonZh, cause) => invalid(hash, reason, reasonZh, cause));
  let record: HallRecord;
  try {
    record = JSON.parse(bytes.toString('utf8')) as HallRecord;
  } catch (error) {
    throw invalid(hash, (error as Error).message, (error as Error).message, error);
  }
  if (record.version !== 1 || record.kind !== kind) throw invalid(hash, `not a version 1 ${kind} record`, `不是第 1 版的${kind === 'terminal' ? '终端' : '单位'}档案`);
  return record as Extract<HallRecord, { kind: K }>;
}
