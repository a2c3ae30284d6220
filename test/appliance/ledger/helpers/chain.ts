import Database from 'better-sqlite3';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LocalAccount } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { ChainClient } from '../../../../appliance/ledger/chain/chain-client.js';
import { startAnvil, type Anvil } from '../../../../simulator/chain/anvil.js';

export interface ChainFixture {
  anvil: Anvil;
  dir: string;
  /** A funded account with a key in memory: test actors other than the terminal. */
  actor(): Promise<LocalAccount>;
  client(account: LocalAccount, rpcUrls?: string[], options?: { requestTimeoutMs?: number; confirmations?: number; maxLagBlocks?: number; heightCheckMs?: number }): Promise<ChainClient>;
  close(): Promise<void>;
}

/** A real anvil of the calling test file, in a temp dir, on an ephemeral port. */
export async function openChain(): Promise<ChainFixture> {
  const dir = await mkdtemp(join(tmpdir(), 'sealdesk-chain-'));
  const anvil = await startAnvil({ dir: join(dir, 'anvil') });
  const dbs: Database.Database[] = [];
  return {
    anvil,
    dir,
    async actor() {
      const account = privateKeyToAccount(generatePrivateKey());
      await anvil.fund(account.address);
      return account;
    },
    async client(account, rpcUrls = [anvil.rpcUrl], options = {}) {
      const db = new Database(':memory:');
      dbs.push(db);
      const { requestTimeoutMs = 2_000, confirmations = 1, ...lag } = options;
      return ChainClient.connect({ rpcUrls, account, db, pollingIntervalMs: 20, requestTimeoutMs, finalityTimeoutMs: 20_000, confirmations, ...lag });
    },
    async close() {
      for (const db of dbs) db.close();
      await anvil.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
