import type { Pkcs11 } from '../../drivers/pkcs11/pkcs11.js';
import type { Token } from '../../drivers/pkcs11/token.js';
import { chainError } from '../ledger/chain/chain-error.js';
import { loadLedgerConfig } from '../ledger/ledger-config.js';
import { LedgerWorker } from '../ledger/outbox/ledger-worker.js';
import { chainConfigured } from '../ledger/seal-chain.js';
import { openTerminalLedger } from '../ledger/terminal-ledger.js';

export interface RunningLedger {
  rpcUrl: string;
  registry: string;
  stop(): Promise<void>;
}

/**
 * The ledger worker, when a chain is configured (nodes, a deployed registry, the organisation):
 * it anchors the outbox in batches until stop(). Without a chain the outbox just keeps filling
 * and the worker is not started (undefined).
 */
export async function runLedger(home: string, pkcs11: Pkcs11, login: (token: Token) => Promise<void>, log: (line: string) => void): Promise<RunningLedger | undefined> {
  const config = loadLedgerConfig(home);
  if (!chainConfigured(config) || !config.organisation) {
    log('ledger: no chain configured (sealdesk chain deploy, or SEALDESK_RPC_URLS); seal events stay in the local outbox');
    return undefined;
  }
  const ledger = await openTerminalLedger(home, pkcs11, config, login);
  const worker = new LedgerWorker({ outbox: ledger.outbox, client: ledger.client, registry: config.registry, organisation: config.organisation, batchSize: config.batchSize, batchWindowMs: config.batchWindowMs });
  worker.start((error) => {
    const typed = chainError(error);
    log(`ledger: ${typed.code}: ${typed.messageEn}; events stay in the outbox and are retried`);
  });
  log(`ledger worker: anchoring to ${config.registry} on chain ${ledger.client.chainId} as ${ledger.client.address}`);
  return {
    rpcUrl: config.rpcUrls[0]!,
    registry: config.registry,
    async stop() {
      await worker.stop();
      ledger.close();
    },
  };
}
