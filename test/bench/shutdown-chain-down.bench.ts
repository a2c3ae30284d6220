/**
 * Shutdown with the chain down (issue 13, item 10: it took ~30 s, the goal is ≤ 5 s). The appliance
 * runs its ledger worker against anvil; the node is killed with an event waiting, the worker is left
 * to fail and back off for SEALDESK_SHUTDOWN_WAIT_SECONDS (default 40: its sleeps grow to 25.6 s),
 * then stop() is timed. The peer is stop() of the same appliance with the node up, in the same run.
 */
import { join } from 'node:path';
import { runAppliance } from '../../appliance/hall/run-appliance.js';
import { ChainClient } from '../../appliance/ledger/chain/chain-client.js';
import { chainId32 } from '../../appliance/ledger/chain/chain-id.js';
import { deploySealRegistry, writeRegistry } from '../../appliance/ledger/chain/seal-registry.js';
import { tokenAccount } from '../../appliance/ledger/chain/token-account.js';
import { saveLedgerConfig } from '../../appliance/ledger/ledger-config.js';
import { Outbox } from '../../appliance/ledger/outbox/outbox.js';
import { serviceSettings } from '../../appliance/service/service-settings.js';
import { startAnvil } from '../../simulator/chain/anvil.js';
import { openTokenFixture, USER_PIN } from '../helpers/softhsm.js';
import { report } from './report.js';
import type { SealSigner } from '../../drivers/pkcs11/seal-signer.js';
import { signatureAlgorithm } from '../../drivers/pkcs11/signature-algorithms.js';

const WAIT_S = Number(process.env.SEALDESK_SHUTDOWN_WAIT_SECONDS ?? 40);
const USCC = '11330106002489166C';
const fx = await openTokenFixture(['hall-chain']);
const token = fx.pkcs11.token({ label: 'hall-chain' });
await token.login(USER_PIN);
await token.generateKey('secp256k1', 'chain');
const account = await tokenAccount(token, 'chain');
const anvil = await startAnvil({ dir: join(fx.home, 'chain') });
await anvil.fund(account.address);
const setup = Outbox.open(join(fx.home, 'setup.sqlite'));
const client = await ChainClient.connect({ rpcUrls: [anvil.rpcUrl], account, db: setup.db });
const { address } = await deploySealRegistry(client);
await writeRegistry(client, address, 'addOrganisation', [chainId32(USCC), client.address]);
await writeRegistry(client, address, 'setIssuer', [chainId32(USCC), client.address, true]);
setup.close();
saveLedgerConfig(fx.home, { rpcUrls: [anvil.rpcUrl], registry: address, organisation: chainId32(USCC), organisationId: USCC, chainKey: { token: 'hall-chain', label: 'chain' } });
const signer: SealSigner = { keyId: 'bench', algorithm: signatureAlgorithm('ecdsa-sha256'), signDigest: async () => Buffer.alloc(64), sign: async () => Buffer.alloc(64) };
const start = () => runAppliance({ home: fx.home, pkcs11: fx.pkcs11, settings: serviceSettings({ port: 0, logLevel: 'silent' }), devices: {}, unlock: async () => undefined, log: () => undefined });
const timedStop = async (running: { stop(): Promise<void> }) => {
  const t0 = performance.now();
  await running.stop();
  return performance.now() - t0;
};

// the peer: the node up, an event anchored, then stop
const up = await start();
const event = await up.context.events.outbox.record({ kind: 'stamped', sealId: 'seal-bench', documentHash: 'ab'.repeat(32), terminalId: 't', operatorId: 'o' }, signer);
while (!up.context.events.outbox.receipt(event.id)) await new Promise((r) => setTimeout(r, 100));
const upMs = await timedStop(up);

// the node down, an event waiting, the worker backing off
const down = await start();
await anvil.stop();
await down.context.events.outbox.record({ kind: 'stamped', sealId: 'seal-bench', documentHash: 'cd'.repeat(32), terminalId: 't', operatorId: 'o' }, signer);
await new Promise((r) => setTimeout(r, WAIT_S * 1000));
const downMs = await timedStop(down);
await fx.close();

const met = report({ name: `stop() with the chain down for ${WAIT_S} s`, value: downMs, unit: 'ms', peer: { name: 'stop() with the chain up', value: upMs }, better: 'lower', goal: { max: Math.max(1, Math.round(5_000 / upMs)) } });
console.log(`shutdown with the chain down: ${Math.round(downMs)} ms (goal ≤ 5000 ms)`);
process.exit(met && downMs <= 5_000 ? 0 : 1);
