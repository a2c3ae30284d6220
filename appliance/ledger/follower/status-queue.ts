import type { Address } from 'viem';
import { isSealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import { withSealDatabase } from '../../seals/registry/database.js';
import { SealRegistry } from '../../seals/registry/seal-registry.js';
import type { Seal } from '../../seals/seal.js';
import type { ChainClient } from '../chain/chain-client.js';
import { chainError } from '../chain/chain-error.js';
import { chainId32 } from '../chain/chain-id.js';
import { SEAL_STATUS, sealRegistryAt, statusName, writeRegistry } from '../chain/seal-registry.js';
import { countFailedTry, queuedSealRecords } from './record-queue.js';
import { registerQueuedSeal } from './register-queued-seal.js';

/**
 * How long a change nobody has tried yet is left to the request that queued it: that request is
 * sending it right now (the service route, `sealdesk seal`), and the runner sending the same
 * change beside it would only make one of the two revert. A failed try counts, so a change whose
 * request failed is the runner's at once.
 */
const IN_FLIGHT_MS = 60_000;

/**
 * Seals whose status here may differ from the chain's (seal_status_queue, in the seal database):
 * a seal is queued before the chain is asked about its suspension, resumption or revocation (and
 * its registration, when no record store would queue it), and leaves the queue only once the
 * chain's status is final and equal to the local registry's. So a change made while the node is
 * out of reach reaches the chain by itself (retryQueuedStatuses, run by the ledger runner)
 * instead of leaving other terminals stamping with a seal revoked here. Returns the change's
 * generation: a try dequeues only the generation it saw, never a change queued after it.
 */
export function queueSealStatus(home: string, sealId: string, now = new Date()): number {
  return withSealDatabase(
    home,
    (db) =>
      db
        .prepare('INSERT INTO seal_status_queue (seal_id, queued_at) VALUES (?, ?) ON CONFLICT (seal_id) DO UPDATE SET generation = generation + 1, queued_at = excluded.queued_at, attempts = 0 RETURNING generation')
        .pluck()
        .get(sealId, now.toISOString()) as number,
  );
}

/** Dequeues the seal if no change was queued since `generation` (undefined error), or counts the failed try. */
export function settleSealStatus(home: string, sealId: string, generation: number, error?: unknown): void {
  withSealDatabase(home, (db) => {
    if (error === undefined) db.prepare('DELETE FROM seal_status_queue WHERE seal_id = ? AND generation = ?').run(sealId, generation);
    else countFailedTry(db, 'seal_status_queue', sealId, error);
  });
}

export interface QueuedStatus {
  sealId: string;
  queuedAt: string;
  generation: number;
  attempts: number;
  lastError: string | null;
}

export function queuedSealStatuses(home: string): QueuedStatus[] {
  return withSealDatabase(home, (db) => db.prepare('SELECT seal_id AS sealId, queued_at AS queuedAt, generation, attempts, last_error AS lastError FROM seal_status_queue ORDER BY queued_at, seal_id').all() as QueuedStatus[]);
}

/** Whether the seal waits in either queue (its status or its registration and record): the chain gets it later. */
export function sealChangeQueued(home: string, sealId: string): boolean {
  // one open of the database for both queues, asking for this seal only
  return withSealDatabase(home, (db) => db.prepare('SELECT 1 FROM seal_status_queue WHERE seal_id = ? UNION ALL SELECT 1 FROM seal_record_queue WHERE seal_id = ?').get(sealId, sealId) !== undefined);
}

function localSeal(home: string, sealId: string): Seal {
  const seals = SealRegistry.open(home);
  try {
    return seals.get(sealId);
  } finally {
    seals.close();
  }
}

/** What one reconciliation did: the log line's verb; `kept` leaves the seal queued. */
export interface Reconciled {
  outcome: 'equal' | 'sent' | 'registered' | 'final-on-chain' | 'never-registered' | 'awaiting-registration';
  kept: boolean;
}

/**
 * One try at a queued seal: the chain's status read and, when it differs from the local
 * registry's, setStatus sent with the local status (effective from the local change, never
 * before the chain's last one, as publishSealChange does); dequeued once that is final. The
 * local status is the one to reach the chain because it is the one this terminal already
 * enforces, and the registry refuses to resume a revoked seal: a queued revocation is never
 * overtaken. A chain that says revoked is final (the follower brings it here). A seal the chain
 * does not know yet is the record queue's to register when a store is configured; without one it
 * is registered here if active (registerQueuedSeal), never if revoked (dropped) or suspended
 * (kept until resumed). A failure is counted and rethrown.
 */
export async function reconcileSealStatus(client: ChainClient, registry: Address, home: string, entry: QueuedStatus, recordStore?: string): Promise<Reconciled> {
  const { sealId, generation } = entry;
  try {
    const seal = localSeal(home, sealId);
    const contract = await sealRegistryAt(client.public, registry);
    const id = chainId32(sealId);
    const [, , onChain] = await contract.read.sealOf([id]);
    let done: Reconciled;
    if (statusName(onChain) === 'none') {
      if (recordStore && queuedSealRecords(home).some((q) => q.sealId === sealId)) return { outcome: 'awaiting-registration', kept: true };
      if (seal.status === 'revoked') done = { outcome: 'never-registered', kept: false };
      else if (seal.status === 'suspended') return { outcome: 'awaiting-registration', kept: true };
      else {
        await registerQueuedSeal(client, registry, home, sealId);
        done = { outcome: 'registered', kept: false };
      }
    } else if (statusName(onChain) === seal.status) done = { outcome: 'equal', kept: false };
    else if (statusName(onChain) === 'revoked') done = { outcome: 'final-on-chain', kept: false };
    else {
      const history = await contract.read.statusHistory([id]);
      const last = history.length ? Number(history[history.length - 1]!.effectiveAt) : 0;
      const effectiveAt = Math.max(Math.floor(new Date(seal.statusChangedAt).getTime() / 1000), last);
      await writeRegistry(client, registry, 'setStatus', [id, SEAL_STATUS[seal.status], BigInt(effectiveAt), seal.statusReason ?? seal.status]);
      done = { outcome: 'sent', kept: false };
    }
    settleSealStatus(home, sealId, generation);
    return done;
  } catch (error) {
    if (!isSealdeskError(error, 'SEAL_NOT_FOUND')) settleSealStatus(home, sealId, generation, error);
    throw error;
  }
}

/**
 * Reconciles every queued seal, oldest first, leaving alone a change whose own request may still
 * be sending it; stops at the first chain failure (the node is likely out for the rest too). A
 * seal the registry no longer has is dropped. Returns how many left the queue.
 */
export async function retryQueuedStatuses(client: ChainClient, registry: Address, home: string, recordStore: string | undefined, log: (line: string) => void, now = Date.now()): Promise<number> {
  let settled = 0;
  for (const entry of queuedSealStatuses(home)) {
    if (entry.attempts === 0 && now - Date.parse(entry.queuedAt) < IN_FLIGHT_MS) continue;
    try {
      const { outcome, kept } = await reconcileSealStatus(client, registry, home, entry, recordStore);
      if (kept) continue;
      log(`seal status: ${entry.sealId} ${outcome} on chain; dequeued`);
      settled++;
    } catch (error) {
      if (isSealdeskError(error, 'SEAL_NOT_FOUND')) {
        settleSealStatus(home, entry.sealId, entry.generation);
        log(`seal status: ${entry.sealId} is not in this registry any more: dropped from the queue`);
        continue;
      }
      const typed = chainError(error);
      log(`seal status: ${entry.sealId} not on chain yet (${typed.code}: ${typed.messageEn}); tried again later`);
      break;
    }
  }
  return settled;
}
