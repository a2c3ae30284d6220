import type Database from 'better-sqlite3';
import type { Hex } from 'viem';
import { PreparedStatements } from '../../storage/prepared-statements.js';

/** SealRegistry's hall events (terminals, their grants, the organisation tree), beside the seal events of apply-events.ts. */
export const HALL_EVENT_NAMES = ['TerminalRegistered', 'TerminalGrantChanged', 'OrganisationRecordPublished'] as const;

/** blockTime: the block's timestamp (Unix seconds), set by the follower on grants (the admin page shows when a grant was decided). */
export type HallEvent = { blockNumber: number; logIndex: number; blockTime?: number } & (
  | { kind: 'terminal'; terminal: string; organisation: Hex; recordHash: Hex }
  | { kind: 'grant'; sealKey: Hex; terminal: string; granted: boolean }
  | { kind: 'organisation'; organisation: Hex; recordHash: Hex }
);

type Log = { eventName: string; args: Record<string, unknown>; blockNumber: bigint | null; logIndex: number | null };

export const isHallLog = (log: { eventName: string }): boolean => (HALL_EVENT_NAMES as readonly string[]).includes(log.eventName);

/** A decoded hall log as the applier takes it; addresses in lower case (the tables' keys). */
export function toHallEvent(log: Log): HallEvent {
  const at = { blockNumber: Number(log.blockNumber), logIndex: Number(log.logIndex) };
  switch (log.eventName) {
    case 'TerminalRegistered':
      return { ...at, kind: 'terminal', terminal: String(log.args.terminal).toLowerCase(), organisation: log.args.organisation as Hex, recordHash: log.args.recordHash as Hex };
    case 'TerminalGrantChanged':
      return { ...at, kind: 'grant', sealKey: log.args.sealId as Hex, terminal: String(log.args.terminal).toLowerCase(), granted: log.args.granted === true };
    default:
      return { ...at, kind: 'organisation', organisation: log.args.organisation as Hex, recordHash: log.args.recordHash as Hex };
  }
}

/**
 * Applies hall events inside the follower's transaction, once each: chain_seal_changes keys every
 * applied event by (block, log index), as for seal events, so a range read twice changes nothing.
 * A record (terminal, organisation) is marked pending; its bytes are read from the store after the
 * transaction (import-hall-records.ts), as seal records are.
 */
export class HallEventApplier {
  /** Prepared once each: an event costs a few statements, a prepare more than running them. */
  readonly #sql: PreparedStatements;

  constructor(db: Database.Database) {
    this.#sql = new PreparedStatements(db);
  }

  /** Applies one event; false when it was applied before. */
  apply(event: HallEvent): boolean {
    const key = event.kind === 'grant' ? event.sealKey : event.kind === 'terminal' ? event.terminal : event.organisation;
    const fresh = this.#sql.of('INSERT INTO chain_seal_changes (block_number, log_index, seal_key, kind) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING').run(event.blockNumber, event.logIndex, key, event.kind);
    if (fresh.changes === 0) return false;
    switch (event.kind) {
      case 'terminal':
        this.#sql.of(
          `INSERT INTO chain_terminals (address, organisation, record_hash, record_state, block_number, log_index) VALUES (?, ?, ?, 'pending', ?, ?)
           ON CONFLICT (address) DO UPDATE SET organisation = excluded.organisation, record_hash = excluded.record_hash, record_state = 'pending',
             block_number = excluded.block_number, log_index = excluded.log_index`,
        ).run(event.terminal, event.organisation, event.recordHash.slice(2), event.blockNumber, event.logIndex);
        return true;
      case 'grant':
        this.#sql.of(
          `INSERT INTO chain_terminal_grants (seal_key, terminal, granted, block_number, log_index, granted_at) VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (seal_key, terminal) DO UPDATE SET granted = excluded.granted, block_number = excluded.block_number, log_index = excluded.log_index, granted_at = excluded.granted_at`,
        ).run(event.sealKey, event.terminal, event.granted ? 1 : 0, event.blockNumber, event.logIndex, event.blockTime ?? null);
        return true;
      case 'organisation':
        this.#sql.of(
          `INSERT INTO chain_organisations (organisation, record_hash, record_state, block_number, log_index) VALUES (?, ?, 'pending', ?, ?)
           ON CONFLICT (organisation) DO UPDATE SET record_hash = excluded.record_hash, record_state = 'pending', block_number = excluded.block_number, log_index = excluded.log_index`,
        ).run(event.organisation, event.recordHash.slice(2), event.blockNumber, event.logIndex);
        return true;
    }
  }
}
