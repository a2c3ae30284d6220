import { join } from 'node:path';
import { createPublicClient } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rpcTransport } from '../../../appliance/ledger/chain/rpc-transport.js';
import { startAnvil, type Anvil } from '../../../simulator/chain/anvil.js';
import { startFaultProxy, type FaultProxy } from '../../../simulator/chain/fault-proxy.js';
import { openChain, type ChainFixture } from './helpers/chain.js';

// Two real nodes of "one" chain id: the live one (the fixture's anvil) and a stale one, a second
// anvil nobody mines, behind a fault proxy that records what it is asked. The stale node answers
// every request promptly, so only its height gives it away.
let chain: ChainFixture;
let stale: Anvil;
let proxy: FaultProxy;

beforeAll(async () => {
  chain = await openChain();
  stale = await startAnvil({ dir: join(chain.dir, 'stale') });
  proxy = await startFaultProxy(stale.rpcUrl);
  await chain.anvil.rpc('anvil_mine', ['0x14']); // the live node is 20 blocks ahead
});
afterAll(async () => {
  await proxy?.close();
  await stale?.stop();
  await chain?.close();
});

const height = (rpcUrl: string) => createPublicClient({ transport: rpcTransport([rpcUrl]) }).getBlockNumber({ cacheTime: 0 });

describe('a node that answers but lags', () => {
  it('is skipped while more than maxLagBlocks behind the others, even when listed first', async () => {
    // without the check the first URL serves everything, stale as it is
    const unchecked = createPublicClient({ transport: rpcTransport([proxy.url, chain.anvil.rpcUrl], { maxLagBlocks: 0 }) });
    expect(await unchecked.getBlockNumber({ cacheTime: 0 })).toBe(0n);

    const asked = proxy.methods.length;
    const client = await chain.client(await chain.actor(), [proxy.url, chain.anvil.rpcUrl], { maxLagBlocks: 5 });
    expect(await client.public.getBlockNumber({ cacheTime: 0 })).toBe(await height(chain.anvil.rpcUrl));
    const receipt = await client.sendAndWait({ to: '0x000000000000000000000000000000000000bEEF', data: '0x' });
    expect(receipt.status).toBe('success');
    expect(await client.public.getTransactionCount({ address: client.address })).toBe(1);
    // the stale node was asked its height and nothing else: no nonce, fee, gas or receipt from it
    expect(proxy.methods.slice(asked).filter((m) => m !== 'eth_blockNumber')).toEqual([]);
    expect(proxy.methods.slice(asked)).toContain('eth_blockNumber');
  });

  it('the threshold is configurable: a lag within it keeps the node in use', async () => {
    const live = await height(chain.anvil.rpcUrl);
    const tolerant = createPublicClient({ transport: rpcTransport([proxy.url, chain.anvil.rpcUrl], { maxLagBlocks: Number(live) + 5 }) });
    expect(await tolerant.getBlockNumber({ cacheTime: 0 })).toBe(0n);
  });

  it('is used again once it has caught up (heights are compared again every heightCheckMs)', async () => {
    const client = await chain.client(await chain.actor(), [proxy.url, chain.anvil.rpcUrl], { maxLagBlocks: 5, heightCheckMs: 100 });
    expect(await client.public.getBlockNumber({ cacheTime: 0 })).toBe(await height(chain.anvil.rpcUrl));
    await stale.rpc('anvil_mine', [`0x${(Number(await height(chain.anvil.rpcUrl)) + 3).toString(16)}`]);
    const caughtUp = await height(stale.rpcUrl);
    await expect.poll(() => client.public.getBlockNumber({ cacheTime: 0 }), { timeout: 5_000, interval: 50 }).toBe(caughtUp);
  });

  it('a node that stops answering has no height: the request falls through to the next URL as before', async () => {
    proxy.setFault({ kind: 'unavailable' });
    try {
      const client = createPublicClient({ transport: rpcTransport([proxy.url, chain.anvil.rpcUrl], { maxLagBlocks: 5, heightCheckMs: 50 }) });
      expect(await client.getBlockNumber({ cacheTime: 0 })).toBe(await height(chain.anvil.rpcUrl));
    } finally {
      proxy.setFault({ kind: 'pass' });
    }
  });
});
