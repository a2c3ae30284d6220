import type Database from 'better-sqlite3';
import type { Address } from 'viem';
import { isSealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import { withSealDatabase } from '../../seals/registry/database.js';
import type { ChainClient } from '../chain/chain-client.js';
import { chainError } from '../chain/chain-error.js';
import { publishSealRecord } from './publish-record.js';
import { registerQueuedSeal } from './register-queued-seal.js';

/**
 * Seals enrolled here whose record is not published yet (seal_record_queue, in the seal
 * database): a seal is queued at its enrolment before the chain is first asked — before its
 * registration too — and leaves the queue only once SealRecordPublished is final, so a failure
 * (the chain or the store out of reach, a transaction failed, the process ended) is never lost:
 * the ledger runner registers it if the chain does not know it yet and publishes its record later
 * (retryQueuedRecords).
 */
export function queueSealRecord(home: string, sealId: string, now = new Date()): void {
  withSealDatabase(home, (db) => db.prepare('INSERT INTO seal_record_queue (seal_id, queued_at) VALUES (?, ?) ON CONFLICT (seal_id) DO NOTHING').run(sealId, now.toISOString()));
}

function settle(home: string, sealId: string, error: unknown): void {
  withSealDatabase(home, (db) => {
    if (error === undefined) db.prepare('DELETE FROM seal_record_queue WHERE seal_id = ?').run(sealId);
    else countFailedTry(db, 'seal_record_queue', sealId, error);
  });
}

/** A failed try at a queued seal (record or status queue): counted, with the chain's typed error kept for /health and `sealdesk chain status`. */
export function countFailedTry(db: Database.Database, queue: 'seal_record_queue' | 'seal_status_queue', sealId: string, error: unknown): void {
  const typed = chainError(error);
  db.prepare(`UPDATE ${queue} SET attempts = attempts + 1, last_error = ? WHERE seal_id = ?`).run(`${typed.code}: ${typed.messageEn}`, sealId);
}

export interface QueuedRecord {
  sealId: string;
  queuedAt: string;
  attempts: number;
  lastError: string | null;
}

export function queuedSealRecords(home: string): QueuedRecord[] {
  return withSealDatabase(home, (db) => db.prepare('SELECT seal_id AS sealId, queued_at AS queuedAt, attempts, last_error AS lastError FROM seal_record_queue ORDER BY queued_at, seal_id').all() as QueuedRecord[]);
}

/**
 * One try at the seal's record: the seal registered on chain first if the chain does not know it
 * (skipped with `registered`: the enrolment's own registerSeal just went final), then the record
 * published and dequeued; or left queued with the failure counted, and rethrown.
 */
export async function publishQueuedRecord(client: ChainClient, registry: Address, store: string, home: string, sealId: string, options: { registered?: boolean } = {}): Promise<string> {
  try {
    if (!options.registered) await registerQueuedSeal(client, registry, home, sealId);
    const { hash } = await publishSealRecord(client, registry, store, home, sealId);
    settle(home, sealId, undefined);
    return hash;
  } catch (error) {
    settle(home, sealId, error);
    throw error;
  }
}

/**
 * Publishes every queued record, oldest first; stops at the first failure (the chain or the store
 * is likely out for the rest too). A seal the registry no longer has (deleted home data), or one
 * revoked here before the chain ever knew it, is dropped from the queue with a log line; one
 * suspended so is left queued for a later round (registered once resumed). Returns how many were
 * published.
 */
export async function retryQueuedRecords(client: ChainClient, registry: Address, store: string, home: string, log: (line: string) => void): Promise<number> {
  let published = 0;
  for (const { sealId } of queuedSealRecords(home)) {
    try {
      const hash = await publishQueuedRecord(client, registry, store, home, sealId);
      log(`seal records: ${sealId} published (${hash})`);
      published++;
    } catch (error) {
      if (isSealdeskError(error, 'SEAL_NOT_FOUND')) {
        settle(home, sealId, undefined);
        log(`seal records: ${sealId} is not in this registry any more: dropped from the queue`);
        continue;
      }
      if (isSealdeskError(error, 'SEAL_REVOKED')) {
        settle(home, sealId, undefined);
        log(`seal records: ${sealId} was revoked before the chain knew it: not registered, dropped from the queue`);
        continue;
      }
      if (isSealdeskError(error, 'SEAL_SUSPENDED')) {
        log(`seal records: ${sealId} is suspended and the chain does not know it yet: registered once resumed`);
        continue;
      }
      const typed = chainError(error);
      log(`seal records: ${sealId} not published yet (${typed.code}: ${typed.messageEn}); tried again later`);
      break;
    }
  }
  return published;
}
