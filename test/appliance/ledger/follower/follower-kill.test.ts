/**
 * The follower killed with kill -9 at random points while it applies thousands of SealRegistry
 * events resumes with no gap and no duplicate: after the last run its database holds exactly what
 * a fresh replay from block 0 makes, and one applied change per event on chain.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createPublicClient, http, parseAbiItem } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChainFollower } from '../../../../appliance/ledger/follower/chain-follower.js';
import { readFollowerState } from '../../../../appliance/ledger/follower/follower-state.js';
import { openSealDatabase } from '../../../../appliance/seals/registry/database.js';
import { startAnvil, type Anvil } from '../../../../simulator/chain/anvil.js';
import { tempDir } from '../../../helpers/temp-dir.js';
import { followedView } from '../helpers/follower-db.js';
import { deployDevRegistry, makeEvents } from '../helpers/registry-events.js';
import { seededRandom } from '../../../helpers/seeded-random.js';

const CHILD = fileURLToPath(new URL('../helpers/follower-child.ts', import.meta.url));
/**
 * 4,000 in npm test (about a minute on two busy cores); FOLLOWER_KILL_EVENTS=10000 runs the
 * issue's 10,000 (passed, about two minutes). test/bench/follower.bench.ts measures the rate.
 */
const EVENTS = Number(process.env.FOLLOWER_KILL_EVENTS ?? 4_000);
const CONFIRMATIONS = 2;

let dir: string;
let anvil: Anvil;
let registry: `0x${string}`;

beforeAll(async () => {
  dir = await tempDir('sealdesk-follower-kill-');
  anvil = await startAnvil({ dir: join(dir, 'anvil') });
  registry = await deployDevRegistry(anvil);
}, 60_000);
afterAll(async () => {
  await anvil?.stop();
});


/** One follower process; killed with SIGKILL after `killAfterCommits` commits (never, when undefined). */
function runChild(home: string, killAfterCommits: number | undefined): Promise<{ killed: boolean; caughtUp: number | undefined; commits: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
      env: { ...process.env, FOLLOWER_HOME: home, FOLLOWER_RPC: anvil.rpcUrl, FOLLOWER_REGISTRY: registry, FOLLOWER_CONFIRMATIONS: String(CONFIRMATIONS), FOLLOWER_RANGE: '3' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let commits = 0;
    let caughtUp: number | undefined;
    let stderr = '';
    let pending = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const line of lines) {
        if (line.startsWith('applied')) {
          commits++;
          if (killAfterCommits !== undefined && commits >= killAfterCommits) child.kill('SIGKILL');
        }
        if (line.startsWith('caught-up')) caughtUp = Number(line.split(' ')[1]);
      }
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL' || code === 0) resolve({ killed: signal === 'SIGKILL', caughtUp, commits });
      else reject(new Error(`follower child exited ${code}: ${stderr}`));
    });
  });
}

describe('the follower killed with kill -9 while applying', () => {
  it(`resumes with no gap and no duplicate over ${EVENTS} events: its registry equals a fresh replay from block 0`, { timeout: 300_000 }, async () => {
    const made = await makeEvents(anvil, registry, EVENTS, 'kill', 40);
    await anvil.rpc('anvil_mine', [`0x${CONFIRMATIONS.toString(16)}`]);
    const seed = Date.now() >>> 0;
    const next = seededRandom(seed);
    process.stdout.write(`follower kill -9 seed ${seed}: ${made} events\n`);

    const home = join(dir, 'killed');
    const kills: number[] = [];
    let caughtUp: number | undefined;
    for (let round = 0; caughtUp === undefined; round++) {
      // the first rounds are killed after a random number of commits (each commit: 3 blocks of 40 transactions); the last runs through
      const killAfter = round < 6 ? 1 + Math.floor(next() * 6) : undefined;
      const run = await runChild(home, killAfter);
      if (run.killed) kills.push(run.commits);
      caughtUp = run.caughtUp;
      expect(round, 'a follower that never catches up').toBeLessThan(40);
    }
    process.stdout.write(`killed ${kills.length} times, after ${kills.join(', ')} commits\n`);
    expect(kills.length).toBeGreaterThan(0);

    const killed = openSealDatabase(home);
    const fresh = openSealDatabase(join(dir, 'fresh'));
    try {
      const client = createPublicClient({ transport: http(anvil.rpcUrl) });
      const replay = new ChainFollower({ db: fresh, client, registry, confirmations: CONFIRMATIONS });
      const replayed = await replay.catchUp();
      expect(readFollowerState(killed)?.blockNumber).toBe(replayed.blockNumber);
      const view = followedView(killed);
      expect(view).toEqual(followedView(fresh));
      // one applied change per event the chain holds: none missing, none twice
      const onChain = await client.getLogs({ address: registry, events: [parseAbiItem('event SealRegistered(bytes32 indexed sealId, bytes32 indexed organisation, bytes32 certificateHash, address by)'), parseAbiItem('event SealStatusChanged(bytes32 indexed sealId, uint8 status, uint64 effectiveAt, string reason, address by)')], fromBlock: 0n, toBlock: BigInt(replayed.blockNumber) });
      expect(view.changes).toHaveLength(onChain.length);
      expect(onChain.length).toBeGreaterThanOrEqual(made);
    } finally {
      killed.close();
      fresh.close();
    }
  });
});
