/**
 * Ledger throughput on anvil, both designs in the same run: events anchored per second with
 * Merkle batches (one transaction per batch) against one transaction per event (the naive
 * design); goals ≥ 10,000 events/s and ≥ 100× naive. And the outbox append latency p99 with
 * fsync (synchronous=FULL) against the same append without it.
 */
import Database from 'better-sqlite3';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { ChainClient } from '../../appliance/ledger/chain/chain-client.js';
import { chainId32 } from '../../appliance/ledger/chain/chain-id.js';
import { deploySealRegistry, writeRegistry } from '../../appliance/ledger/chain/seal-registry.js';
import { tokenAccount } from '../../appliance/ledger/chain/token-account.js';
import { signSealEvent } from '../../appliance/ledger/outbox/event-signer.js';
import { tokenSigner } from '../../drivers/pkcs11/seal-signer.js';
import { LedgerWorker } from '../../appliance/ledger/outbox/ledger-worker.js';
import { Outbox } from '../../appliance/ledger/outbox/outbox.js';
import { openOutboxDb } from '../../appliance/ledger/outbox/outbox-db.js';
import { newSealEvent, type SignedSealEvent } from '../../appliance/ledger/outbox/seal-event.js';
import { Pkcs11 } from '../../drivers/pkcs11/pkcs11.js';
import { startAnvil } from '../../simulator/chain/anvil.js';
import { startSoftHsm } from '../../simulator/softhsm/softhsm.js';
import { report } from './report.js';

const BATCHED_EVENTS = 20_000;
const BATCH_SIZE = 5_000;
const NAIVE_EVENTS = 100;
const APPENDS = 1_000;
const PIN = '123456';
const ORG = chainId32('91330100MA2B000001');

const hsm = await startSoftHsm();
await hsm.initToken('bench', '12345678', PIN);
process.env.SOFTHSM2_CONF = hsm.confPath;
const dir = await mkdtemp(join(tmpdir(), 'sealdesk-bench-ledger-'));
const pkcs11 = Pkcs11.open({ modulePaths: [hsm.modulePath], stateDir: dir });
const token = pkcs11.token({ label: 'bench' });
await token.login(PIN);
await token.generateKey('secp256k1', 'chain');
await token.generateKey('ec-p256', 'seal');
const anvil = await startAnvil({ dir: join(dir, 'anvil') });

const signer = await tokenSigner(token, 'seal');
const template = { kind: 'stamped' as const, sealId: 'seal-0001', documentHash: 'ab'.repeat(32), terminalId: 'counter-01', operatorId: 'clerk-01' };
// Events are signed once up front: this measures anchoring, not the token's signing rate.
const signed: SignedSealEvent[] = [];
for (let i = 0; i < BATCHED_EVENTS + NAIVE_EVENTS + APPENDS; i++) signed.push(await signSealEvent(newSealEvent(template), signer));

const adminAccount = privateKeyToAccount(generatePrivateKey());
await anvil.fund(adminAccount.address);
const terminal = await tokenAccount(token, 'chain');
await anvil.fund(terminal.address);
const adminClient = await ChainClient.connect({ rpcUrls: [anvil.rpcUrl], account: adminAccount, db: new Database(':memory:'), pollingIntervalMs: 10 });
const registry = (await deploySealRegistry(adminClient)).address;
await writeRegistry(adminClient, registry, 'addOrganisation', [ORG, adminClient.address]);
await writeRegistry(adminClient, registry, 'setIssuer', [ORG, terminal.address, true]);

async function anchoredPerSecond(name: string, events: SignedSealEvent[], batchSize: number): Promise<number> {
  const outbox = Outbox.open(join(dir, `${name}.sqlite`));
  for (const event of events) outbox.append(event);
  const client = await ChainClient.connect({ rpcUrls: [anvil.rpcUrl], account: terminal, db: outbox.db, pollingIntervalMs: 10 });
  const worker = new LedgerWorker({ outbox, client, registry, organisation: ORG, batchSize });
  const started = performance.now();
  const anchored = await worker.drain(true);
  const seconds = (performance.now() - started) / 1000;
  if (anchored !== events.length || outbox.status().receipts !== events.length) throw new Error(`${name}: ${anchored} of ${events.length} anchored`);
  outbox.close();
  return anchored / seconds;
}

const batched = await anchoredPerSecond('batched', signed.slice(0, BATCHED_EVENTS), BATCH_SIZE);
const naive = await anchoredPerSecond('naive', signed.slice(BATCHED_EVENTS, BATCHED_EVENTS + NAIVE_EVENTS), 1);
report({ name: `events anchored per second, Merkle batches of ${BATCH_SIZE} (anvil, SoftHSM chain key)`, value: batched, unit: 'events/s', peer: { name: 'one transaction per event', value: naive }, better: 'higher', goal: { min: 100 } });
report({ name: 'batched anchoring against the issue’s absolute goal', value: batched, unit: 'events/s', peer: { name: 'goal', value: 10_000 }, better: 'higher', goal: { min: 1 } });

function appendP99(synchronous: 'FULL' | 'OFF', events: SignedSealEvent[]): number {
  const db = openOutboxDb(join(dir, `append-${synchronous}.sqlite`));
  db.pragma(`synchronous = ${synchronous}`);
  const outbox = new Outbox(db);
  const times: number[] = [];
  for (const event of events) {
    const started = performance.now();
    outbox.append(event);
    times.push(performance.now() - started);
  }
  outbox.close();
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length * 0.99)]!;
}

const appendEvents = signed.slice(BATCHED_EVENTS + NAIVE_EVENTS);
const withFsync = appendP99('FULL', appendEvents);
const withoutFsync = appendP99('OFF', appendEvents); // a database of its own: the same ids do not collide
report({ name: 'outbox append p99, WAL + synchronous=FULL (fsync per event)', value: withFsync, unit: 'ms', peer: { name: 'same append, synchronous=OFF', value: withoutFsync }, better: 'lower' });

await anvil.stop();
pkcs11.close();
await hsm.close();
await rm(dir, { recursive: true, force: true });
