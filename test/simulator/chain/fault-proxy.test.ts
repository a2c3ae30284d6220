import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAnvil, type Anvil } from '../../../simulator/chain/anvil.js';
import { startFaultProxy, type FaultProxy } from '../../../simulator/chain/fault-proxy.js';

let dir: string;
let anvil: Anvil;
let proxy: FaultProxy;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sealdesk-proxy-'));
  anvil = await startAnvil({ dir });
  proxy = await startFaultProxy(anvil.rpcUrl);
});
afterAll(async () => {
  await proxy.close();
  await anvil.stop();
  await rm(dir, { recursive: true, force: true });
});

const call = (signal?: AbortSignal) =>
  fetch(proxy.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}', ...(signal ? { signal } : {}) });

describe('fault proxy', () => {
  it('passes JSON-RPC through to the node', async () => {
    proxy.setFault({ kind: 'pass' });
    const response = await call();
    expect(((await response.json()) as { result: string }).result).toBe('0x7a69');
  });

  it('answers 503 when told the node is unavailable', async () => {
    proxy.setFault({ kind: 'unavailable' });
    expect((await call()).status).toBe(503);
  });

  it('resets the connection', async () => {
    proxy.setFault({ kind: 'reset' });
    await expect(call()).rejects.toThrow();
  });

  it('drops a request: no answer before the client gives up', async () => {
    proxy.setFault({ kind: 'drop' });
    await expect(call(AbortSignal.timeout(300))).rejects.toThrow(/abort|timeout/i);
  });

  it('delays a request by the given time', async () => {
    proxy.setFault({ kind: 'delay', ms: 250 });
    const started = Date.now();
    expect((await call()).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
  });
});
