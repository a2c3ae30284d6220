import Database from 'better-sqlite3';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NonceStore } from '../../../appliance/ledger/chain/nonce-store.js';
import { openChain, type ChainFixture } from './helpers/chain.js';

let chain: ChainFixture;
let dir: string;

beforeAll(async () => {
  chain = await openChain();
  dir = await mkdtemp(join(tmpdir(), 'sealdesk-nonce-'));
});
afterAll(async () => {
  await chain?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('chain client', () => {
  it('calls a transaction final only after the configured number of confirmations', async () => {
    const client = await chain.client(await chain.actor(), undefined, { confirmations: 3 });
    const hash = await client.send({ to: '0x000000000000000000000000000000000000bEEF', data: '0x' });
    let final = false;
    const waiting = client.waitFinal(hash).then((receipt) => ((final = true), receipt));
    await new Promise((r) => setTimeout(r, 300));
    expect(final).toBe(false); // mined (automine) but only 1 confirmation
    await chain.anvil.rpc('anvil_mine', ['0x2']);
    const receipt = await waiting;
    expect(final).toBe(true);
    expect(await client.public.getBlockNumber()).toBeGreaterThanOrEqual(receipt.blockNumber + 2n);
  });

  it('takes the node’s pending nonce, and after a restart never goes below the last one it used', async () => {
    const path = join(dir, 'nonces.sqlite');
    const address = '0x00000000000000000000000000000000000000Aa';
    const first = new Database(path);
    new NonceStore(first).record(31337, address, 7);
    first.close();
    const reopened = new Database(path);
    const store = new NonceStore(reopened);
    expect(store.next(31337, address, 3)).toBe(8); // a lagging node still shows 3 pending
    expect(store.next(31337, address, 12)).toBe(12); // sent elsewhere since: the node knows better
    expect(store.next(1, address, 0)).toBe(0); // per chain
    reopened.close();
  });

  it('sends consecutive transactions from one account without nonce clashes', async () => {
    const client = await chain.client(await chain.actor());
    const hashes = await Promise.all([0, 1, 2, 3].map(() => client.send({ to: '0x000000000000000000000000000000000000bEEF', data: '0x' })));
    const receipts = await Promise.all(hashes.map((h) => client.waitFinal(h)));
    expect(receipts.every((r) => r.status === 'success')).toBe(true);
    expect(await client.public.getTransactionCount({ address: client.address })).toBe(4);
  });

  // the terminal's ledger worker, a kiosk's licence and the desk's seal change each open a client on
  // the one chain key: sent together they took one nonce twice, and one failed CHAIN_TX_FAILED
  // ("nonce too low" / "replacement transaction underpriced") — the demo hall's licence failure
  it('sends from two clients of one account at once without a nonce clash', async () => {
    const account = await chain.actor();
    const [worker, licences] = [await chain.client(account), await chain.client(account)];
    const send = (client: typeof worker) => client.sendAndWait({ to: '0x000000000000000000000000000000000000bEEF', data: '0x' });
    const receipts = await Promise.all([0, 1, 2, 3, 4, 5].map((i) => send(i % 2 ? worker : licences)));
    expect(receipts.map((r) => r.status)).toEqual(Array(6).fill('success'));
    expect(await worker.public.getTransactionCount({ address: account.address })).toBe(6);
  });
});
