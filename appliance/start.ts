import { TokenWatcher } from '../drivers/pkcs11/hotplug.js';
import type { Pkcs11 } from '../drivers/pkcs11/pkcs11.js';
import type { Token } from '../drivers/pkcs11/token.js';
import { pinFrom } from './cli/pin-input.js';
import { loadConfig } from './config/config.js';
import { sealdeskHome } from './config/home.js';
import { chainError } from './ledger/chain/chain-error.js';
import { loadLedgerConfig } from './ledger/ledger-config.js';
import { LedgerWorker } from './ledger/outbox/ledger-worker.js';
import { chainConfigured } from './ledger/seal-chain.js';
import { openTerminalLedger, type TerminalLedger } from './ledger/terminal-ledger.js';
import { openPkcs11 } from './tokens/open-pkcs11.js';

async function login(token: Token): Promise<void> {
  if (!token.isLoggedIn) await token.login(await pinFrom('SEALDESK_PIN', `用户口令 / user PIN for the chain key on ${token.label}: `));
}

/**
 * The ledger worker, when a chain is configured (nodes, a deployed registry, the organisation):
 * it anchors the outbox in batches until stop(). Without a chain the outbox just keeps filling.
 */
async function startLedger(home: string, pkcs11: Pkcs11): Promise<{ stop(): Promise<void> } | undefined> {
  const config = loadLedgerConfig(home);
  if (!chainConfigured(config) || !config.organisation) {
    console.log('ledger: no chain configured (sealdesk chain deploy, or SEALDESK_RPC_URLS); seal events stay in the local outbox');
    return undefined;
  }
  let ledger: TerminalLedger | undefined = await openTerminalLedger(home, pkcs11, config, login);
  const worker = new LedgerWorker({ outbox: ledger.outbox, client: ledger.client, registry: config.registry, organisation: config.organisation, batchSize: config.batchSize, batchWindowMs: config.batchWindowMs });
  worker.start((error) => {
    const typed = chainError(error);
    console.error(`ledger: ${typed.code}: ${typed.messageEn}; events stay in the outbox and are retried`);
  });
  console.log(`ledger worker: anchoring to ${config.registry} on chain ${ledger.client.chainId} as ${ledger.client.address}`);
  return {
    async stop() {
      await worker.stop();
      ledger?.close();
      ledger = undefined;
    },
  };
}

/**
 * `npm start`: brings the appliance up. For now the token layer: modules loaded, tokens listed,
 * USB keys watched as they come and go, until SIGINT / SIGTERM.
 */
export async function start(): Promise<void> {
  const home = sealdeskHome();
  const pkcs11 = await openPkcs11(home);
  const tokens = pkcs11.slots().filter((s) => s.token?.flags.initialized);
  for (const module of pkcs11.modules) console.log(`PKCS#11 module: ${module.path}`);
  for (const slot of tokens) console.log(`token "${slot.token?.label}" serial ${slot.token?.serial} in slot ${slot.slotId}`);
  if (!tokens.length) console.log('no initialised token yet: SEALDESK_SO_PIN=… sealdesk token init --free --label NAME');
  const watcher = new TokenWatcher(pkcs11, loadConfig(home).pkcs11?.pollIntervalMs ?? 500);
  watcher.on('inserted', (e) => console.log(`token inserted: "${e.label}" serial ${e.serial} in slot ${e.slotId}`));
  watcher.on('removed', (e) => console.log(`token removed: "${e.label}" serial ${e.serial}`));
  watcher.on('error', (e) => console.error(`token watcher: ${e.message}`));
  watcher.start();
  const ledger = await startLedger(home, pkcs11).catch((error: unknown) => {
    watcher.stop();
    pkcs11.close();
    throw error;
  });
  console.log(`sealdesk: token layer ready (${tokens.length} token${tokens.length === 1 ? '' : 's'}), home ${home}`);

  // The watcher's timer does not hold the process open (library code should not); the appliance does.
  const alive = setInterval(() => undefined, 60_000);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  clearInterval(alive);
  await ledger?.stop();
  watcher.stop();
  pkcs11.close();
  console.log('sealdesk: stopped');
}
