/**
 * A chain follower in a process of its own, for the kill -9 test: follows FOLLOWER_REGISTRY on
 * FOLLOWER_RPC into the seal database of FOLLOWER_HOME, FOLLOWER_RANGE blocks per transaction,
 * printing `applied N` after each commit, and `caught-up N` (then exits) once every final block
 * is applied. The parent kills it with SIGKILL whenever it likes.
 */
import { createPublicClient, http, type Address } from 'viem';
import { ChainFollower } from '../../../../appliance/ledger/follower/chain-follower.js';
import { openSealDatabase } from '../../../../appliance/seals/registry/database.js';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

const db = openSealDatabase(env('FOLLOWER_HOME'));
const client = createPublicClient({ transport: http(env('FOLLOWER_RPC'), { retryCount: 0 }) });
const follower = new ChainFollower({
  db,
  client,
  registry: env('FOLLOWER_REGISTRY') as Address,
  confirmations: Number(env('FOLLOWER_CONFIRMATIONS')),
  rangeBlocks: Number(env('FOLLOWER_RANGE')),
  // stdout to a pipe is written synchronously on Linux: the parent sees every line before a kill lands
  onApplied: (state) => void process.stdout.write(`applied ${state.blockNumber}\n`),
});
follower.init();
const state = await follower.catchUp();
process.stdout.write(`caught-up ${state.blockNumber}\n`);
db.close();
