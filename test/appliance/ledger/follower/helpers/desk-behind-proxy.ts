import { createPublicClient, http, type PublicClient } from 'viem';
import { afterAll, beforeAll, expect } from 'vitest';
import { runLedger, type RunningLedger } from '../../../../../appliance/hall/ledger-runner.js';
import { ChainFollower } from '../../../../../appliance/ledger/follower/chain-follower.js';
import { saveLedgerConfig } from '../../../../../appliance/ledger/ledger-config.js';
import { openSealDatabase } from '../../../../../appliance/seals/registry/database.js';
import type { Token } from '../../../../../drivers/pkcs11/token.js';
import { startFaultProxy, type FaultProxy } from '../../../../../simulator/chain/fault-proxy.js';
import { afterFile } from '../../../../helpers/after-file.js';
import type { TestService } from '../../../../helpers/service.js';
import { USER_PIN } from '../../../../helpers/softhsm.js';
import { tempDir } from '../../../../helpers/temp-dir.js';
import { configureServiceChain, type ServiceChain } from '../../../service/helpers/service-chain.js';

export interface DeskBehindProxy {
  /** The chain and its registry (set once the file's beforeAll ran). */
  readonly chain: ServiceChain;
  /** Between the desk and its node: `setFault({ kind: 'unavailable' })` cuts, `'pass'` heals. */
  readonly proxy: FaultProxy;
  /** The hall's seal record store. */
  readonly store: string;
  /** What the ledger runner logged, oldest first. */
  readonly logged: string[];
  /** Opens the chain key's token with the test PIN, unless open. */
  login(token: Token): Promise<void>;
  /** Waits (polling, never a timed assertion) until `ready()`; fails naming what it waited for after 120 s. */
  until(what: string, ready: () => Promise<boolean>): Promise<void>;
  /** A client of the node itself, not through the proxy: what the chain holds. */
  anvil(): PublicClient;
  /** Another terminal's home (a folder) follows the chain and the store up to a new block. */
  followInto(elsewhere: string): Promise<void>;
}

/**
 * The desk of the chain-cut tests: the service's home reaches its anvil through the fault proxy,
 * keeps its seal records in a store of the hall's, and runs the real ledger runner (its record and
 * status retries), anchoring before any test cuts the chain. Set up in the file's beforeAll.
 */
export function deskBehindProxy(service: TestService, storeName: string): DeskBehindProxy {
  const { home, pkcs11 } = service.context;
  let chain: ServiceChain | undefined;
  let proxy: FaultProxy | undefined;
  let store: string | undefined;
  let ledger: RunningLedger | undefined;
  const logged: string[] = [];
  const set = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`the desk's ${what} is set up in beforeAll`);
    return value;
  };
  const desk: DeskBehindProxy = {
    get chain() {
      return set(chain, 'chain');
    },
    get proxy() {
      return set(proxy, 'fault proxy');
    },
    get store() {
      return set(store, 'record store');
    },
    logged,
    login: async (token) => void (token.isLoggedIn || (await token.login(USER_PIN))),
    async until(what, ready) {
      const started = performance.now();
      while (!(await ready())) {
        expect(performance.now() - started, `${what}; runner said:\n${logged.slice(-5).join('\n')}`).toBeLessThan(120_000);
        await new Promise((r) => setTimeout(r, 200));
      }
    },
    anvil: () => createPublicClient({ transport: http(desk.chain.chain.anvil.rpcUrl) }),
    async followInto(elsewhere) {
      await desk.chain.chain.anvil.rpc('anvil_mine', ['0x1']);
      const db = openSealDatabase(elsewhere);
      try {
        await new ChainFollower({ db, client: desk.anvil(), registry: desk.chain.registry, confirmations: 1, recordStore: desk.store }).catchUp();
      } finally {
        db.close();
      }
    },
  };

  beforeAll(async () => {
    const configured = await configureServiceChain(service);
    chain = configured;
    afterFile(() => configured.close());
    proxy = await startFaultProxy(configured.chain.anvil.rpcUrl);
    store = await tempDir(storeName);
    // the desk reaches its node through the proxy; its records go to the hall's store
    saveLedgerConfig(home, { rpcUrls: [proxy.url], sealRecords: store, confirmations: 1 });
    await desk.login(service.token);
    ledger = await runLedger(home, pkcs11, desk.login, (line) => logged.push(line));
    // the runner is anchoring (its retries running) before any test cuts the chain
    await desk.until('the ledger runner anchoring', async () => ledger?.state() === 'anchoring');
  }, 240_000);

  afterAll(async () => {
    await ledger?.stop();
    await proxy?.close();
  });

  return desk;
}
