/**
 * The chain follower's apply rate against the rate at which anvil produces SealRegistry events, in the same
 * run: FOLLOWER_BENCH_EVENTS events made (default 100,000: a quarter registrations, the rest
 * status changes; 200 transactions a block, the contract's own gas per event), then one follower
 * catching up from block 0 into a fresh seal database, as a new terminal of a hall that has run
 * for a while does. Prints events/s and how long the catch-up took. Quick run:
 * FOLLOWER_BENCH_EVENTS=10000. Goal: the follower applies at least as fast as the node makes them (ratio ≥ 1).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPublicClient, http } from 'viem';
import { ChainFollower } from '../../appliance/ledger/follower/chain-follower.js';
import { openSealDatabase } from '../../appliance/seals/registry/database.js';
import { startAnvil } from '../../simulator/chain/anvil.js';
import { deployDevRegistry, makeEvents } from '../appliance/ledger/helpers/registry-events.js';
import { report } from './report.js';

const EVENTS = Number(process.env.FOLLOWER_BENCH_EVENTS ?? 100_000);

const dir = await mkdtemp(join(tmpdir(), 'sealdesk-bench-follower-'));
const anvil = await startAnvil({ dir: join(dir, 'anvil') });
let ok = true;
try {
  const registry = await deployDevRegistry(anvil);
  const made0 = performance.now();
  const made = await makeEvents(anvil, registry, EVENTS);
  const makeSeconds = (performance.now() - made0) / 1000;
  await anvil.rpc('anvil_mine', ['0x2']);

  const db = openSealDatabase(join(dir, 'home'));
  const follower = new ChainFollower({ db, client: createPublicClient({ transport: http(anvil.rpcUrl) }), registry, confirmations: 1 });
  const applied0 = performance.now();
  const state = await follower.catchUp();
  const applySeconds = (performance.now() - applied0) / 1000;
  const applied = db.prepare('SELECT COUNT(*) FROM chain_seal_changes').pluck().get() as number;
  const statusEvents = db.prepare("SELECT COUNT(*) FROM chain_seal_changes WHERE kind = 'status'").pluck().get() as number;
  console.log(`${made} events (${statusEvents} status changes) in ${state.blockNumber} blocks: made in ${makeSeconds.toFixed(1)} s, caught up (${applied} applied) from block 0 in ${applySeconds.toFixed(1)} s: ${(applied / applySeconds).toFixed(0)} events/s`);
  db.close();
  ok = report({ name: `follower apply rate from block 0 (${applied} SealRegistry events)`, value: applied / applySeconds, unit: 'events/s', peer: { name: 'anvil producing them (200 tx/block)', value: made / makeSeconds }, better: 'higher', goal: { min: 1 } });
} finally {
  await anvil.stop();
  await rm(dir, { recursive: true, force: true });
}
process.exit(ok ? 0 : 1);
