import type { Address } from 'viem';
import { isSealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import { openSealDatabase } from '../../seals/registry/database.js';
import type { ChainClient } from '../chain/chain-client.js';
import { chainError } from '../chain/chain-error.js';
import { publishSealRecord } from './publish-record.js';

/**
 * Seal records registered on chain but not yet published (seal_record_queue, in the seal
 * database): a seal is queued before its record is first tried and leaves the queue only once
 * SealRecordPublished is final, so a failure (the chain or the store out of reach, the process
 * ended) is never lost — the ledger runner publishes it later (retryQueuedRecords).
 */
export function queueSealRecord(home: string, sealId: string, now = new Date()): void {
  const db = openSealDatabase(home);
  try {
    db.prepare('INSERT INTO seal_record_queue (seal_id, queued_at) VALUES (?, ?) ON CONFLICT (seal_id) DO NOTHING').run(sealId, now.toISOString());
  } finally {
    db.close();
  }
}

function settle(home: string, sealId: string, error: unknown): void {
  const db = openSealDatabase(home);
  try {
    if (error === undefined) db.prepare('DELETE FROM seal_record_queue WHERE seal_id = ?').run(sealId);
    else {
      const typed = chainError(error);
      db.prepare('UPDATE seal_record_queue SET attempts = attempts + 1, last_error = ? WHERE seal_id = ?').run(`${typed.code}: ${typed.messageEn}`, sealId);
    }
  } finally {
    db.close();
  }
}

export interface QueuedRecord {
  sealId: string;
  queuedAt: string;
  attempts: number;
  lastError: string | null;
}

export function queuedSealRecords(home: string): QueuedRecord[] {
  const db = openSealDatabase(home);
  try {
    return db.prepare('SELECT seal_id AS sealId, queued_at AS queuedAt, attempts, last_error AS lastError FROM seal_record_queue ORDER BY queued_at, seal_id').all() as QueuedRecord[];
  } finally {
    db.close();
  }
}

/** One try at the seal's record: published and dequeued, or left queued with the failure counted; rethrows it. */
export async function publishQueuedRecord(client: ChainClient, registry: Address, store: string, home: string, sealId: string): Promise<string> {
  try {
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
 * is likely out for the rest too). A seal the registry no longer has (deleted home data) is
 * dropped from the queue with a log line. Returns how many were published.
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
      const typed = chainError(error);
      log(`seal records: ${sealId} not published yet (${typed.code}: ${typed.messageEn}); tried again later`);
      break;
    }
  }
  return published;
}
