import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerView } from '../../../appliance/service/ledger-view.js';
import type { LedgerView } from '../../../appliance/service/service-context.js';
import { startTestService } from '../../helpers/service.js';
import { configureServiceChain, type ServiceChain } from './helpers/service-chain.js';

// The service's ledger view as the appliance builds it, switched when the test configures a
// chain, as a restart with ledger.json would: the same outbox before and after.
let current: LedgerView;
const service = await startTestService({ parts: { ledger: { outbox: () => current.outbox(), get chain() { return current.chain; } } } });
current = ledgerView(() => service.context.events.outbox);
const [official, business] = service.seals as [(typeof service.seals)[0], (typeof service.seals)[0]];
type Headers = { authorization: string };
let admin: Headers;
let auditor: Headers;
let clerk: Headers;
let kiosk: Headers;

const get = (url: string, headers?: Headers) => service.app.inject({ method: 'GET', url, ...(headers ? { headers } : {}) });

beforeAll(async () => {
  [admin, auditor, clerk, kiosk] = (
    await Promise.all([service.signIn('admin', service.organisations.district), service.signIn('auditor'), service.signIn('clerk', service.organisations.own, { grantSeals: [business] }), service.signIn('kiosk', service.organisations.own, { grantSeals: [business] })])
  ).map((s) => s.headers) as [Headers, Headers, Headers, Headers];
});

describe('GET /api/chain without a chain', () => {
  it('says the chain is not configured and shows the outbox, to admins, auditors and clerks; kiosks are FORBIDDEN', async () => {
    for (const headers of [admin, auditor, clerk]) {
      const response = await get('/api/chain', headers);
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ configured: false, chainId: null, height: null, registry: null, error: null, outbox: { waiting: 0, oldestWaitingMs: null, lastError: null } });
    }
    const refused = await get('/api/chain', kiosk);
    expect([refused.statusCode, refused.json().code]).toEqual([403, 'FORBIDDEN']);
    expect((await get('/api/chain')).statusCode).toBe(401);
  });
});

describe('with a chain', () => {
  let chain: ServiceChain;

  beforeAll(async () => {
    chain = await configureServiceChain(service);
    current = ledgerView(() => service.context.events.outbox, { rpcUrl: chain.chain.anvil.rpcUrl, registry: chain.registry });
  }, 120_000);
  afterAll(() => chain?.close());

  it('GET /api/chain: the chain id, its height, the registry and the events waiting to be anchored', async () => {
    const response = await get('/api/chain', auditor);
    expect(response.statusCode).toBe(200);
    const status = response.json();
    expect(status).toMatchObject({ configured: true, chainId: Number(await chain.chain.anvil.rpc<string>('eth_chainId')), registry: chain.registry, error: null });
    expect(status.height).toBe(Number(await chain.chain.anvil.rpc<string>('eth_blockNumber')));
    // one seal-registered event per seal, not yet batched
    expect(status.outbox.waiting).toBe(4);
    expect(status.outbox.oldestWaitingMs).toBeGreaterThanOrEqual(0);
  });

  it('GET /api/chain/events/:id: pending, then anchored with the block, transaction, batch, root and proof the chain confirms', async () => {
    const eventId = chain.registered.get(business.id)!;
    const pending = await get(`/api/chain/events/${eventId}`, clerk);
    expect(pending.statusCode, pending.body).toBe(200);
    expect(pending.json()).toEqual({ eventId, kind: 'seal-registered', sealId: business.id, time: expect.any(String), status: 'pending', receipt: null });

    expect(await chain.anchorAll()).toBe(4);
    const anchored = await get(`/api/chain/events/${eventId}`, admin);
    expect(anchored.statusCode).toBe(200);
    const { status, receipt } = anchored.json();
    expect(status).toBe('anchored');
    expect(receipt).toMatchObject({ eventId, contract: chain.registry, batchId: expect.stringMatching(/^0x[0-9a-f]{64}$/), root: expect.stringMatching(/^0x[0-9a-f]{64}$/), txHash: expect.stringMatching(/^0x[0-9a-f]{64}$/) });
    expect(receipt.proof).toEqual(expect.arrayContaining([expect.stringMatching(/^0x[0-9a-f]{64}$/)]));
    const onChain = await chain.chain.anvil.rpc<{ status: string; blockNumber: string; to: string }>('eth_getTransactionReceipt', [receipt.txHash]);
    expect([onChain.status, Number(onChain.blockNumber), onChain.to.toLowerCase()]).toEqual(['0x1', receipt.blockNumber, chain.registry.toLowerCase()]);
    expect((await get('/api/chain', admin)).json().outbox).toEqual({ waiting: 0, oldestWaitingMs: null, lastError: null });
  });

  it('an event is shown only within the caller’s subtree and grants; an unknown one is EVENT_NOT_FOUND', async () => {
    const ownOfficial = chain.registered.get(official.id)!;
    const elsewhere = chain.registered.get(service.otherSeals[0]!.id)!;
    const outsider = await service.signIn('auditor', service.organisations.other);
    expect((await get(`/api/chain/events/${ownOfficial}`, auditor)).json().status).toBe('anchored');
    expect((await get(`/api/chain/events/${elsewhere}`, outsider.headers)).statusCode).toBe(200);
    const refusals = [
      await get(`/api/chain/events/${ownOfficial}`, clerk), // not granted to this clerk
      await get(`/api/chain/events/${elsewhere}`, auditor), // another city's seal
      await get(`/api/chain/events/${ownOfficial}`, outsider.headers),
      await get(`/api/chain/events/${chain.registered.get(business.id)!}`, kiosk), // kiosks have no chain view
    ];
    for (const r of refusals) expect([r.statusCode, r.json().code]).toEqual([403, 'FORBIDDEN']);
    const unknown = await get('/api/chain/events/01900000-0000-7000-8000-000000000000', admin);
    expect([unknown.statusCode, unknown.json().code]).toEqual([404, 'EVENT_NOT_FOUND']);
    const malformed = await get('/api/chain/events/not-an-id', admin);
    expect([malformed.statusCode, malformed.json().code]).toEqual([400, 'REQUEST_INVALID']);
    expect((await get(`/api/chain/events/${ownOfficial}`)).statusCode).toBe(401);
  });

  it('a node out of reach is said in the answer (CHAIN_UNREACHABLE) beside the outbox, not a failed request', async () => {
    current = ledgerView(() => service.context.events.outbox, { rpcUrl: 'http://127.0.0.1:9', registry: chain.registry });
    const response = await get('/api/chain', admin);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ configured: true, chainId: null, height: null, error: { code: 'CHAIN_UNREACHABLE' }, outbox: { waiting: 0 } });
  });
});
