import { hashMessage, parseEther, recoverMessageAddress, type Hex } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Token } from '../../../drivers/pkcs11/token.js';
import { addressFromSpki } from '../../../appliance/ledger/chain/chain-address.js';
import { tokenAccount } from '../../../appliance/ledger/chain/token-account.js';
import { startFaultProxy, type FaultProxy } from '../../../simulator/chain/fault-proxy.js';
import { openTokenFixture, USER_PIN, type TokenFixture } from '../../helpers/softhsm.js';
import { openChain, type ChainFixture } from './helpers/chain.js';

let fixture: TokenFixture;
let token: Token;
let chain: ChainFixture;
let proxy: FaultProxy;

beforeAll(async () => {
  fixture = await openTokenFixture(['terminal']);
  token = fixture.pkcs11.token({ label: 'terminal' });
  await token.login(USER_PIN);
  await token.generateKey('secp256k1', 'chain');
  chain = await openChain();
  proxy = await startFaultProxy(chain.anvil.rpcUrl);
});
afterAll(async () => {
  await proxy?.close();
  await chain?.close();
  await fixture?.close();
});

describe('chain key on the token', () => {
  it('a transaction signed on SoftHSM is mined, from the token key’s address', async () => {
    const account = await tokenAccount(token, 'chain');
    expect(account.address).toBe(addressFromSpki((await token.publicKey('chain')).spki));
    await chain.anvil.fund(account.address);
    const client = await chain.client(account);
    const recipient = '0x000000000000000000000000000000000000bEEF';
    // Several transactions: about half the token's signatures have a high s or parity 1.
    const hashes: Hex[] = [];
    for (let i = 0; i < 6; i++) hashes.push((await client.sendAndWait({ to: recipient, data: `0x${i.toString(16).padStart(2, '0')}` as Hex })).transactionHash);
    for (const hash of hashes) {
      const tx = await client.public.getTransaction({ hash });
      expect(tx.from.toLowerCase()).toBe(account.address.toLowerCase());
      expect(BigInt(tx.s)).toBeLessThanOrEqual(0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0n);
    }
    expect(await client.public.getTransactionCount({ address: account.address })).toBe(6);
    // Gas was paid from the token account's own balance.
    expect(await client.public.getBalance({ address: account.address })).toBeLessThan(parseEther('1000'));
  });

  it('signs messages that recover to the token key’s address', async () => {
    const account = await tokenAccount(token, 'chain');
    const signature = await account.signMessage!({ message: '最多跑一次' });
    expect(await recoverMessageAddress({ message: '最多跑一次', signature })).toBe(account.address);
    expect(hashMessage('最多跑一次')).toMatch(/^0x/);
  });

  it('refuses a key that is not secp256k1', async () => {
    await token.generateKey('ec-p256', 'not-chain');
    await expect(tokenAccount(token, 'not-chain')).rejects.toMatchObject({ code: 'CHAIN_KEY_INVALID' });
  });
});

describe('RPC failover', () => {
  it('skips a URL that drops, resets or answers 503 and sends through the next', async () => {
    const account = await tokenAccount(token, 'chain');
    await chain.anvil.fund(account.address);
    proxy.setFault({ kind: 'pass' });
    const client = await chain.client(account, [proxy.url, chain.anvil.rpcUrl], { requestTimeoutMs: 400 });
    for (const kind of ['drop', 'reset', 'unavailable'] as const) {
      proxy.setFault({ kind });
      const before = proxy.requests;
      const receipt = await client.sendAndWait({ to: '0x000000000000000000000000000000000000bEEF', data: '0x' });
      expect(receipt.status).toBe('success');
      expect(proxy.requests).toBeGreaterThan(before); // the first URL was tried
    }
  });

  it('reports CHAIN_UNREACHABLE when every URL is down', async () => {
    proxy.setFault({ kind: 'unavailable' });
    const account = await tokenAccount(token, 'chain');
    await expect(chain.client(account, [proxy.url], { requestTimeoutMs: 300 })).rejects.toMatchObject({ code: 'CHAIN_UNREACHABLE' });
  });
});
