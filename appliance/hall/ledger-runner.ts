import type { Pkcs11 } from '../../drivers/pkcs11/pkcs11.js';
import type { Token } from '../../drivers/pkcs11/token.js';
import { ChainClient } from '../ledger/chain/chain-client.js';
import { chainError } from '../ledger/chain/chain-error.js';
import { tokenAccount } from '../ledger/chain/token-account.js';
import { loadLedgerConfig, outboxPath } from '../ledger/ledger-config.js';
import { settleWithin, sleep } from '../ledger/outbox/abortable.js';
import { LedgerWorker } from '../ledger/outbox/ledger-worker.js';
import { Outbox } from '../ledger/outbox/outbox.js';
import { chainConfigured } from '../ledger/seal-chain.js';
import { retryQueuedRecords } from '../ledger/follower/record-queue.js';
import { retryQueuedStatuses } from '../ledger/follower/status-queue.js';

/** How often queued seal records and statuses are tried again (each try is one transaction per seal, or nothing). */
const RECORD_RETRY_MS = 10_000;

/** connecting: no node answered yet (the service runs degraded, events wait in the outbox); anchoring: the worker runs. */
export type LedgerState = 'connecting' | 'anchoring' | 'stopped';

export interface RunningLedger {
  rpcUrl: string;
  registry: string;
  state(): LedgerState;
  /** The worker, once a node answered. */
  worker(): LedgerWorker | undefined;
  stop(): Promise<void>;
}

/**
 * The ledger worker, when a chain is configured (nodes, a deployed registry, the organisation):
 * it anchors the outbox in batches until stop(). Without a chain the outbox just keeps filling
 * and the worker is not started (undefined). A chain that does not answer at start does not stop
 * the terminal: stamping goes on through the outbox while the node is asked again in the
 * background (backing off up to 30 s), and the worker starts once one answers.
 */
export async function runLedger(home: string, pkcs11: Pkcs11, login: (token: Token) => Promise<void>, log: (line: string) => void): Promise<RunningLedger | undefined> {
  const config = loadLedgerConfig(home);
  if (!chainConfigured(config) || !config.organisation) {
    log('ledger: no chain configured (sealdesk chain deploy, or SEALDESK_RPC_URLS); seal events stay in the local outbox');
    return undefined;
  }
  const { registry, organisation } = config;
  const token = pkcs11.token(config.chainKey.token ? { label: config.chainKey.token } : {});
  await login(token);
  const account = await tokenAccount(token, config.chainKey.label);
  const outbox = Outbox.open(outboxPath(home));
  const abort = new AbortController();
  let worker: LedgerWorker | undefined;
  let records: Promise<void> | undefined;
  const sendQueued = async (client: ChainClient, store: string | undefined) => {
    while (!abort.signal.aborted) {
      if (store) await settleWithin(retryQueuedRecords(client, registry, store, home, log), abort.signal).catch(() => undefined);
      // after the records: a seal the record queue registers this round has its status reconciled in the same round
      await settleWithin(retryQueuedStatuses(client, registry, home, store, log), abort.signal).catch(() => undefined);
      await sleep(RECORD_RETRY_MS, abort.signal);
    }
  };

  const connecting = (async () => {
    for (let failures = 0; !abort.signal.aborted; ) {
      try {
        const connect = ChainClient.connect({ rpcUrls: config.rpcUrls, account, db: outbox.db, confirmations: config.confirmations, pollingIntervalMs: config.pollingIntervalMs, maxLagBlocks: config.maxLagBlocks });
        const client = await settleWithin(connect, abort.signal);
        worker = new LedgerWorker({ outbox, client, registry, organisation, batchSize: config.batchSize, batchWindowMs: config.batchWindowMs });
        worker.start((error) => {
          const typed = chainError(error);
          log(`ledger: ${typed.code}: ${typed.messageEn}; events stay in the outbox and are retried`);
        });
        log(`ledger worker: anchoring to ${registry} on chain ${client.chainId} as ${client.address}`);
        // seal records and status changes whose sending failed (at the desk, or before a restart) are sent now and then
        records = sendQueued(client, config.sealRecords);
        return;
      } catch (error) {
        if (abort.signal.aborted) return;
        const wait = Math.min(30_000, 500 * 2 ** Math.min(failures++, 6));
        const typed = chainError(error);
        log(`ledger: ${typed.code}: ${typed.messageEn}; serving degraded (stamps wait in the outbox), asking again in ${Math.round(wait / 1000)} s`);
        await sleep(wait, abort.signal);
      }
    }
  })();

  return {
    rpcUrl: config.rpcUrls[0]!,
    registry,
    state: () => (abort.signal.aborted ? 'stopped' : worker ? 'anchoring' : 'connecting'),
    worker: () => worker,
    async stop() {
      abort.abort(new Error('the ledger was stopped'));
      await connecting;
      await records;
      await worker?.stop();
      outbox.close();
    },
  };
}
