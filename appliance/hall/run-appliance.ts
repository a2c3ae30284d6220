import { TokenWatcher } from '../../drivers/pkcs11/hotplug.js';
import type { Pkcs11 } from '../../drivers/pkcs11/pkcs11.js';
import type { Token } from '../../drivers/pkcs11/token.js';
import { loadConfig } from '../config/config.js';
import { loadLedgerConfig } from '../ledger/ledger-config.js';
import { runFollower } from '../ledger/follower/run-follower.js';
import { chainConfigured } from '../ledger/seal-chain.js';
import { buildService } from '../service/build-service.js';
import { openServiceContext, type OpenedServiceContext } from '../service/open-service-context.js';
import type { HallDevices } from '../service/service-context.js';
import type { ServiceSettings } from '../service/service-settings.js';
import { runLedger, type RunningLedger } from './ledger-runner.js';

export interface ApplianceOptions {
  home: string;
  pkcs11: Pkcs11;
  settings: ServiceSettings;
  devices: HallDevices;
  tsaUrl?: string;
  verifyBaseUrl?: string;
  terminalId?: string;
  /** Opens a token the service needs unattended (the chain key's, a kiosk's seal token): the configured secret. */
  unlock: (token: Token) => Promise<void>;
  /** Labels of the tokens opened at start for a kiosk (unlockTokens): /health says so when one is not open. */
  unattendedTokens?: readonly string[];
  log?: (line: string) => void;
  /** Run the chain follower when a chain is configured (default true). */
  follow?: boolean;
}

/** The kiosk tokens and, with a chain configured, the chain key's token: none of them waits for a clerk. */
function unattendedTokens(home: string, kiosk: readonly string[]): string[] {
  const ledger = loadLedgerConfig(home);
  const chainToken = chainConfigured(ledger) ? ledger.chainKey.token : undefined;
  return [...new Set([...kiosk, ...(chainToken ? [chainToken] : [])])];
}

export interface RunningAppliance {
  url: string;
  context: OpenedServiceContext;
  /** The ledger worker's runner, when a chain is configured. */
  ledger?: RunningLedger;
  stop(): Promise<void>;
}

/**
 * The appliance as it runs all day: the token watcher, the ledger worker and the HTTP service on
 * one context, stopped in the reverse order. Used by `npm start` (the simulated hall) and by
 * `sealdesk serve --config FILE` (real hardware, a real chain).
 */
export async function runAppliance(options: ApplianceOptions): Promise<RunningAppliance> {
  const log = options.log ?? ((line: string) => console.log(line));
  const { home, pkcs11 } = options;
  const stops: Array<() => Promise<void> | void> = [];
  const stop = async () => {
    for (const s of stops.splice(0).reverse()) await s();
  };
  try {
    const watcher = new TokenWatcher(pkcs11, loadConfig(home).pkcs11?.pollIntervalMs ?? 500);
    watcher.on('inserted', (e) => log(`token inserted: "${e.label}" serial ${e.serial} in slot ${e.slotId}`));
    watcher.on('removed', (e) => log(`token removed: "${e.label}" serial ${e.serial}`));
    watcher.on('error', (e) => log(`token watcher: ${e.message}`));
    watcher.start();
    stops.push(() => watcher.stop());
    // a pulled unattended key, put back, is logged in again by the configured secret, not a restart
    for (const label of unattendedTokens(home, options.unattendedTokens ?? [])) {
      pkcs11.unattended.keep(label, async (token) => {
        await options.unlock(token);
        log(`token "${label}" back: logged in again`);
      });
    }
    pkcs11.unattended.onError = (label, error) => log(`token "${label}" back but not logged in: ${(error as Error).message}`);

    const ledger = await runLedger(home, pkcs11, options.unlock, log);
    if (ledger) stops.push(() => ledger.stop());
    // every appliance with a chain follows SealRegistry into its seal registry (issue 17)
    const ledgerConfig = loadLedgerConfig(home);
    if (chainConfigured(ledgerConfig) && options.follow !== false) {
      const follower = runFollower(home, ledgerConfig, log);
      stops.push(() => follower.stop());
    }

    const context = openServiceContext({
      home,
      settings: options.settings,
      pkcs11,
      devices: options.devices,
      ...(ledger ? { chain: { rpcUrl: ledger.rpcUrl, registry: ledger.registry } } : {}),
      ...(options.tsaUrl ? { tsaUrl: options.tsaUrl } : {}),
      ...(options.verifyBaseUrl ? { verifyBaseUrl: options.verifyBaseUrl } : {}),
      ...(options.terminalId ? { terminalId: options.terminalId } : {}),
      unattendedTokens: unattendedTokens(home, options.unattendedTokens ?? []),
    });
    stops.push(() => context.close());
    const { app } = await buildService(context);
    stops.push(() => app.close());
    // the document threads boot while the service starts answering: the first upload does not pay for them
    void context.documentPool.warm();
    const address = await app.listen({ host: options.settings.host, port: options.settings.port });
    return { url: address, context, ...(ledger ? { ledger } : {}), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
