import { join } from 'node:path';
import type { Address, Hex } from 'viem';
import type { Token } from '../../drivers/pkcs11/token.js';
import { attachAnvil, startAnvil, type Anvil } from '../../simulator/chain/anvil.js';
import { ChainClient } from '../ledger/chain/chain-client.js';
import { chainId32 } from '../ledger/chain/chain-id.js';
import { deploySealRegistry, sealRegistryAt, writeRegistry } from '../ledger/chain/seal-registry.js';
import { tokenAccount } from '../ledger/chain/token-account.js';
import { outboxPath, saveLedgerConfig, type LedgerConfig } from '../ledger/ledger-config.js';
import { Outbox } from '../ledger/outbox/outbox.js';

const CHAIN_KEY = 'chain';

async function ensureChainKey(token: Token): Promise<void> {
  const keys = await token.keys();
  if (!keys.some((k) => k.label === CHAIN_KEY)) await token.generateKey('secp256k1', CHAIN_KEY);
}

/** What the demo chain must know of a seal: who owns it and its certificate. */
export interface DemoSealFacts {
  id: string;
  organisationUscc: string;
  certificateSha256: string;
}

/**
 * Each of these organisations is on the registry with this key as its admin and issuer (the
 * registry admin adds them). Idempotent: what the chain has already is not sent again.
 */
export async function ensureOrganisationsOnChain(client: ChainClient, registry: Address, usccs: Iterable<string>): Promise<void> {
  const contract = await sealRegistryAt(client.public, registry);
  for (const uscc of new Set(usccs)) {
    const organisation = chainId32(uscc);
    if (!(await contract.read.hasRole([await contract.read.orgAdminRole([organisation]), client.address]))) await writeRegistry(client, registry, 'addOrganisation', [organisation, client.address]);
    if (!(await contract.read.hasRole([await contract.read.issuerRole([organisation]), client.address]))) await writeRegistry(client, registry, 'setIssuer', [organisation, client.address, true]);
  }
}

/**
 * Every department that owns demo seals is an organisation on the registry with this terminal as
 * its issuer, and every demo seal is registered: licences are published under the seal's own
 * organisation, and verify reads each seal's status there. Idempotent (a restart adds nothing).
 */
async function ensureDemoSealsOnChain(client: ChainClient, registry: Address, seals: readonly DemoSealFacts[]): Promise<void> {
  const contract = await sealRegistryAt(client.public, registry);
  await ensureOrganisationsOnChain(client, registry, seals.map((s) => s.organisationUscc));
  for (const seal of seals) {
    const [, , status] = await contract.read.sealOf([chainId32(seal.id)]);
    if (status === 0) await writeRegistry(client, registry, 'registerSeal', [chainId32(seal.id), chainId32(seal.organisationUscc), `0x${seal.certificateSha256}`]);
  }
}

export interface DemoChainOptions {
  /** A terminal of a hall of several (sealdesk start --terminals) joins the hall's chain node; alone, it runs its own. */
  rpcUrl?: string;
  /**
   * The hall's registry, deployed by its desk: a counter or the kiosk follows it and anchors there.
   * It is no admin of it, so it registers nothing itself: the desk admits it (admit-terminals.ts).
   */
  registry?: Address;
  /** The hall's record store (ledger.json sealRecords), shared by its terminals. */
  sealRecords?: string;
}

/**
 * The demo hall's chain: anvil with its state under SEALDESK_HOME/chain (a restart keeps blocks,
 * the registry and its batches), the terminal's chain key on the demo token (funded: a dev chain
 * has no gas market), the registry deployed once with the organisation added. On a restart the
 * port may differ; ledger.json is rewritten with the new URL. A counter or kiosk of a hall of
 * several joins the hall's node and registry instead (options).
 */
export async function ensureDemoChain(home: string, token: Token, organisationUscc: string, seals: readonly DemoSealFacts[] = [], options: DemoChainOptions = {}): Promise<{ anvil: Anvil; config: LedgerConfig; address: Address }> {
  await ensureChainKey(token);
  const anvil = options.rpcUrl ? attachAnvil(options.rpcUrl) : await startAnvil({ dir: join(home, 'chain') });
  try {
    const account = await tokenAccount(token, CHAIN_KEY);
    await anvil.fund(account.address);
    let config = saveLedgerConfig(home, { rpcUrls: [anvil.rpcUrl], chainKey: { label: CHAIN_KEY, token: token.label }, ...(options.sealRecords ? { sealRecords: options.sealRecords } : {}) });
    if (options.registry) {
      config = saveLedgerConfig(home, { registry: options.registry, organisation: chainId32(organisationUscc), organisationId: organisationUscc });
      return { anvil, config, address: account.address };
    }
    const code = config.registry ? await anvil.rpc<Hex>('eth_getCode', [config.registry, 'latest']) : '0x';
    const outbox = Outbox.open(outboxPath(home));
    try {
      const client = await ChainClient.connect({ rpcUrls: [anvil.rpcUrl], account, db: outbox.db, confirmations: 1 });
      if (!config.registry || code === '0x') {
        const { address } = await deploySealRegistry(client);
        const organisation = chainId32(organisationUscc);
        await writeRegistry(client, address, 'addOrganisation', [organisation, client.address]);
        await writeRegistry(client, address, 'setIssuer', [organisation, client.address, true]);
        config = saveLedgerConfig(home, { registry: address, organisation, organisationId: organisationUscc });
      }
      await ensureDemoSealsOnChain(client, config.registry!, seals);
    } finally {
      outbox.close();
    }
    return { anvil, config, address: account.address };
  } catch (error) {
    await anvil.stop();
    throw error;
  }
}
