import { createPublicClient } from 'viem';
import { openSealDatabase } from '../../seals/registry/database.js';
import { rpcTransport } from '../chain/rpc-transport.js';
import type { LedgerConfig } from '../ledger-config.js';
import { ChainFollower } from './chain-follower.js';

export interface RunningFollower {
  follower: ChainFollower;
  stop(): Promise<void>;
}

/**
 * The appliance's follower: its own connection to the seal database (so the registry's stamping
 * cache sees every commit), the configured nodes, polling at the ledger's interval (default 250 ms,
 * at most ten times a second): a round with no new block is one eth_blockNumber, and a revocation
 * reaches the stamp check within that interval of its block becoming final
 * (test/bench/revoke-latency.bench.ts). Its row is written at once, so the freshness rule holds
 * from the first start.
 */
export function runFollower(home: string, config: LedgerConfig & { registry: `0x${string}` }, log: (line: string) => void): RunningFollower {
  const db = openSealDatabase(home);
  const client = createPublicClient({ transport: rpcTransport(config.rpcUrls, { timeoutMs: 5_000, maxLagBlocks: config.maxLagBlocks }), pollingInterval: config.pollingIntervalMs });
  const follower = new ChainFollower({ db, client, registry: config.registry, confirmations: config.confirmations, home, pollIntervalMs: Math.max(100, config.pollingIntervalMs), log, ...(config.sealRecords ? { recordStore: config.sealRecords } : {}) });
  follower.start();
  log(`follower: following ${config.registry} (${config.confirmations} confirmations)${config.sealRecords ? `, seal records from ${config.sealRecords}` : ''}`);
  return {
    follower,
    async stop() {
      await follower.stop();
      db.close();
    },
  };
}
