import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startAnvil } from '../../../simulator/chain/anvil.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe('anvil launcher', () => {
  it('listens on an ephemeral port and keeps the chain across a restart', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sealdesk-anvil-'));
    dirs.push(dir);
    const first = await startAnvil({ dir, chainId: 4242 });
    expect(first.port).toBeGreaterThan(0);
    expect(await first.rpc('eth_chainId')).toBe('0x1092');
    await first.rpc('anvil_mine', ['0x5']);
    const address = '0x00000000000000000000000000000000000000aa';
    await first.fund(address, 12345n);
    await first.stop();

    const second = await startAnvil({ dir, chainId: 4242 });
    try {
      expect(Number(await second.rpc<string>('eth_blockNumber'))).toBe(5);
      expect(BigInt(await second.rpc<string>('eth_getBalance', [address, 'latest']))).toBe(12345n);
    } finally {
      await second.stop();
    }
  });

  it('two nodes at once get two ports', async () => {
    const [a, b] = await Promise.all(
      [0, 1].map(async () => {
        const dir = await mkdtemp(join(tmpdir(), 'sealdesk-anvil-'));
        dirs.push(dir);
        return startAnvil({ dir });
      }),
    );
    try {
      expect(a!.port).not.toBe(b!.port);
    } finally {
      await Promise.all([a!.stop(), b!.stop()]);
    }
  });
});
