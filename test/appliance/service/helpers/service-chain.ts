import { createHash } from 'node:crypto';
import type { Address } from 'viem';
import { chainId32 } from '../../../../appliance/ledger/chain/chain-id.js';
import { deploySealRegistry, writeRegistry } from '../../../../appliance/ledger/chain/seal-registry.js';
import { tokenAccount } from '../../../../appliance/ledger/chain/token-account.js';
import { loadLedgerConfig, saveLedgerConfig } from '../../../../appliance/ledger/ledger-config.js';
import { LedgerWorker } from '../../../../appliance/ledger/outbox/ledger-worker.js';
import { publishSealChange } from '../../../../appliance/ledger/seal-chain.js';
import { openTerminalLedger } from '../../../../appliance/ledger/terminal-ledger.js';
import type { Token } from '../../../../drivers/pkcs11/token.js';
import { USER_PIN } from '../../../helpers/softhsm.js';
import type { TestService } from '../../../helpers/service.js';
import { openChain, type ChainFixture } from '../../ledger/helpers/chain.js';

export interface ServiceChain {
  chain: ChainFixture;
  registry: Address;
  /** The seal-registered event of each of the service's seals, by seal id. */
  registered: Map<string, string>;
  /** What the ledger worker does: batches every waiting event and anchors it; returns how many. */
  anchorAll(): Promise<number>;
  close(): Promise<void>;
}

/** Runs with these tokens open, leaving each as it was (a counter token starts locked). */
async function withOpen<T>(tokens: Token[], work: () => Promise<T>): Promise<T> {
  const opened = [...new Set(tokens)].filter((t) => !t.isLoggedIn);
  for (const token of opened) await token.login(USER_PIN);
  try {
    return await work();
  } finally {
    for (const token of opened) await token.logout();
  }
}

/**
 * A real anvil for a test service, set up as `sealdesk chain deploy` and `sealdesk seal create`
 * would: the chain key on the service's token (funded), SealRegistry deployed with both test
 * organisations, the terminal key their issuer, ledger.json in the service's SEALDESK_HOME, and
 * every seal of the service registered on chain.
 */
export async function configureServiceChain(service: TestService, options: { chainToken?: Token } = {}): Promise<ServiceChain> {
  const { home, pkcs11 } = service.context;
  // the chain key on the service's token, or on a token of its own (a real hall's layout, issue 13
  // item 3); a token with another PIN than USER_PIN is opened by the caller first
  const chainToken = options.chainToken ?? service.token;
  const withTokensOpen = <T>(work: () => Promise<T>) => withOpen([service.token, chainToken], work);
  const chain = await openChain();
  const registered = new Map<string, string>();
  const open = async () => undefined;
  const registry = await withTokensOpen(async () => {
    await chainToken.generateKey('secp256k1', 'chain');
    await chain.anvil.fund((await tokenAccount(chainToken, 'chain')).address);
    const config = saveLedgerConfig(home, { rpcUrls: [chain.anvil.rpcUrl], chainKey: { label: 'chain', token: chainToken.label }, pollingIntervalMs: 20 });
    const ledger = await openTerminalLedger(home, pkcs11, config, open);
    let address: Address;
    try {
      address = (await deploySealRegistry(ledger.client)).address;
      for (const organisation of [service.organisations.own, service.organisations.otherDepartment]) {
        await writeRegistry(ledger.client, address, 'addOrganisation', [chainId32(organisation.uscc!), ledger.client.address]);
        await writeRegistry(ledger.client, address, 'setIssuer', [chainId32(organisation.uscc!), ledger.client.address, true]);
      }
    } finally {
      ledger.close();
    }
    const own = service.organisations.own.uscc!;
    saveLedgerConfig(home, { registry: address, organisation: chainId32(own), organisationId: own });
    for (const seal of [...service.seals, ...service.otherSeals]) {
      const certificateSha256 = createHash('sha256').update(seal.certificateChain[0]!).digest('hex');
      const published = await publishSealChange(home, pkcs11, 'registered', { ...seal, certificateSha256 }, open);
      registered.set(seal.id, published!.eventId);
    }
    return address;
  });
  return {
    chain,
    registry,
    registered,
    anchorAll: () =>
      withTokensOpen(async () => {
        const config = loadLedgerConfig(home);
        const ledger = await openTerminalLedger(home, pkcs11, config, open);
        try {
          return await new LedgerWorker({ outbox: ledger.outbox, client: ledger.client, registry, organisation: config.organisation! }).drain(true);
        } finally {
          ledger.close();
        }
      }),
    close: () => chain.close(),
  };
}
