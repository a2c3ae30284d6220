import type Database from 'better-sqlite3';
import { isSealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import { openDirectoryDatabase } from '../../directory/database.js';
import { getHallRecord, type OrganisationRecord } from './hall-record.js';
import { organisationKey } from './organisation-key.js';

interface PendingOrganisation {
  organisation: string;
  record_hash: string;
}

interface PendingTerminal {
  address: string;
  record_hash: string;
}

const reportUnreadable = (log: (line: string) => void) => (error: unknown) => {
  if (isSealdeskError(error)) log(`follower: ${error.code}: ${error.messageEn}`);
  return undefined;
};

/**
 * Terminal records the follower has not read yet: name, kind and organisation id kept beside the
 * chain's row (`sealdesk terminal list`). A record whose address is not the one the chain
 * registered is marked and never used. An unreadable one is asked for again next round.
 */
export async function importTerminalRecords(db: Database.Database, store: string | undefined, log: (line: string) => void): Promise<void> {
  const pending = db.prepare("SELECT address, record_hash FROM chain_terminals WHERE record_state = 'pending'").all() as PendingTerminal[];
  for (const row of pending) {
    const mark = (state: string) => db.prepare('UPDATE chain_terminals SET record_state = ? WHERE address = ? AND record_hash = ?').run(state, row.address, row.record_hash);
    if (!store) {
      mark('no-store');
      continue;
    }
    const record = await getHallRecord(store, row.record_hash, 'terminal').catch(reportUnreadable(log));
    if (!record) continue;
    if (record.address.toLowerCase() !== row.address) {
      log(`follower: terminal record ${row.record_hash} refused: it names ${record.address}, not ${row.address}`);
      mark('mismatch');
      continue;
    }
    db.prepare("UPDATE chain_terminals SET record_state = 'stored', name = ?, kind = ?, organisation_id = ?, registered_at = ? WHERE address = ? AND record_hash = ?")
      .run(record.name, record.terminalKind, record.organisationId, record.registeredAt, row.address, row.record_hash);
  }
}

type Outcome = 'stored' | 'wait' | `conflict: ${string}`;

/** Puts one organisation record into the directory (same id as at the desk), or says why not. */
function applyOrganisation(directory: Database.Database, record: OrganisationRecord): Outcome {
  const existing = directory.prepare('SELECT level, uscc, parent_id FROM organisations WHERE id = ?').get(record.id) as { level: string; uscc: string | null; parent_id: string | null } | undefined;
  if (existing) {
    // the tree's shape is fixed at creation (seals and certificates carry it): only the names follow
    if (existing.level !== record.level || existing.uscc !== record.uscc || existing.parent_id !== record.parentId) return 'conflict: its level, USCC or parent differs from this terminal’s';
    directory.prepare('UPDATE organisations SET name = ?, name_en = ?, updated_at = ? WHERE id = ?').run(record.name, record.nameEn, record.updatedAt, record.id);
    return 'stored';
  }
  // parents are published before their children; one not here yet arrives in a later round
  if (record.parentId !== null && !directory.prepare('SELECT 1 FROM organisations WHERE id = ?').get(record.parentId)) return 'wait';
  const clash = directory.prepare('SELECT id FROM organisations WHERE (parent_id IS ? AND name = ?) OR (uscc IS NOT NULL AND uscc = ?)').get(record.parentId, record.name, record.uscc) as { id: string } | undefined;
  if (clash) return `conflict: this terminal's own organisation ${clash.id} has its name or USCC`;
  directory
    .prepare('INSERT INTO organisations (id, name, name_en, level, uscc, parent_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
    .run(record.id, record.name, record.nameEn, record.level, record.uscc, record.parentId, record.createdAt, record.updatedAt);
  return 'stored';
}

/**
 * Organisation records published at the desk, into this terminal's directory under the desk's
 * ids, in chain order (parents first): operators made here belong to the hall's tree. A record
 * whose key is not the one it was published under, or that clashes with an organisation this
 * terminal made on its own, is marked and logged, never merged.
 */
export async function importOrganisationRecords(db: Database.Database, home: string | undefined, store: string | undefined, log: (line: string) => void): Promise<string[]> {
  const pending = db.prepare("SELECT organisation, record_hash FROM chain_organisations WHERE record_state = 'pending' ORDER BY block_number, log_index").all() as PendingOrganisation[];
  if (pending.length === 0) return [];
  const stored: string[] = [];
  const directory = home ? openDirectoryDatabase(home) : undefined;
  try {
    for (const row of pending) {
      const mark = (state: string, id: string | null = null) =>
        db.prepare('UPDATE chain_organisations SET record_state = ?, organisation_id = COALESCE(?, organisation_id) WHERE organisation = ? AND record_hash = ?').run(state, id, row.organisation, row.record_hash);
      if (!store || !directory) {
        mark(store ? 'no-directory' : 'no-store');
        continue;
      }
      const record = await getHallRecord(store, row.record_hash, 'organisation').catch(reportUnreadable(log));
      if (!record) continue;
      if (organisationKey(record) !== row.organisation) {
        log(`follower: organisation record ${row.record_hash} refused: it is not the record of ${row.organisation}`);
        mark('mismatch');
        continue;
      }
      const outcome = directory.transaction(() => applyOrganisation(directory, record)).immediate();
      if (outcome === 'wait') continue;
      if (outcome !== 'stored') log(`follower: organisation record ${row.record_hash} of ${record.id} not stored: ${outcome.slice('conflict: '.length)}`);
      mark(outcome === 'stored' ? 'stored' : 'conflict', record.id);
      if (outcome === 'stored') stored.push(record.id);
    }
  } finally {
    directory?.close();
  }
  return stored;
}
