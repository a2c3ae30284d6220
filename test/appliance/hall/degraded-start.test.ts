/**
 * The appliance with its chain node down at start: it serves degraded instead of refusing to
 * start. A clerk stamps (the event waits in the outbox), /health says the chain part is degraded,
 * the ledger asks the node again in the background and anchors the waiting stamp once the node is
 * up; with the node down again, stop() resolves with the ledger worker stopped (not left sleeping
 * in its back-off).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { getContractAddress } from 'viem';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureDemoSeals } from '../../../appliance/hall/demo-seals.js';
import { runAppliance, type RunningAppliance } from '../../../appliance/hall/run-appliance.js';
import { ChainClient } from '../../../appliance/ledger/chain/chain-client.js';
import { chainId32 } from '../../../appliance/ledger/chain/chain-id.js';
import { deploySealRegistry, writeRegistry } from '../../../appliance/ledger/chain/seal-registry.js';
import { tokenAccount } from '../../../appliance/ledger/chain/token-account.js';
import { saveLedgerConfig } from '../../../appliance/ledger/ledger-config.js';
import { Outbox } from '../../../appliance/ledger/outbox/outbox.js';
import { serviceSettings } from '../../../appliance/service/service-settings.js';
import { freePort } from '../../../simulator/ipp-printer/free-port.js';
import { startAnvil, type Anvil } from '../../../simulator/chain/anvil.js';
import { openTokenFixture, USER_PIN } from '../../helpers/softhsm.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { pdfLibDocument } from '../pdf/make-pdf.js';
import { multipart } from '../service/helpers/multipart.js';

const USCC = '11330106002489166C';
const fx = await openTokenFixture(['hall-chain']);
const token = fx.pkcs11.token({ label: 'hall-chain' });
await token.login(USER_PIN);
await token.generateKey('secp256k1', 'chain');
const account = await tokenAccount(token, 'chain');
let anvil: Anvil | undefined;
let running: RunningAppliance | undefined;
afterAll(async () => {
  await running?.stop();
  await anvil?.stop();
  await fx.close();
});

describe('the chain node is down at start', () => {
  it('serves degraded, stamps through the outbox, anchors once the node is up, and stops with the node down again', { timeout: 240_000 }, async () => {
    const port = await freePort();
    // the registry the terminal's key will deploy first, named before the node exists
    const registry = getContractAddress({ from: account.address, nonce: 0n });
    saveLedgerConfig(fx.home, { rpcUrls: [`http://127.0.0.1:${port}`], registry, organisation: chainId32(USCC), organisationId: USCC, chainKey: { token: 'hall-chain', label: 'chain' } });
    const lines: string[] = [];
    running = await runAppliance({ home: fx.home, pkcs11: fx.pkcs11, settings: serviceSettings({ port: 0, logLevel: 'silent' }), devices: {}, unlock: async (t) => void (t.isLoggedIn || (await t.login(USER_PIN))), log: (line) => lines.push(line) });
    const { url, context } = running;
    expect(running.ledger?.state()).toBe('connecting');

    // a clerk stamps meanwhile
    const department = context.directory.organisations.create({ name: '杭州市西湖区行政审批服务管理局', level: 'department', uscc: USCC });
    const [seal] = await ensureDemoSeals(fx.home, fx.pkcs11, context.seals, token, [{ name: department.name, uscc: USCC }], url);
    const password = 'Hall-degraded-2026';
    const clerk = await context.directory.operators.create({ username: 'clerk-degraded', displayName: '测试', role: 'clerk', organisationId: department.id, password });
    context.directory.grants.grant(seal!.id, department.id, clerk.operator.id, 'test');
    const session = await context.directory.signIn({ username: 'clerk-degraded', password }, '127.0.0.1');
    const headers = { authorization: `Bearer ${session.sessionId}` };
    const form = multipart('申请表.pdf', await readFile(await pdfLibDocument(await tempDir('degraded'), 'in.pdf', 1)));
    const uploaded = await fetch(`${url}/api/documents`, { method: 'POST', headers: { ...headers, ...form.headers }, body: form.payload });
    expect(uploaded.status).toBe(201);
    const { documentId } = (await uploaded.json()) as { documentId: string };
    const stamped = await fetch(`${url}/api/stamps`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ documentId, sealId: seal!.id, placement: { kind: 'position', page: 1, x: 380, y: 90 }, pin: USER_PIN }),
    });
    const stamp = (await stamped.json()) as { id: string; status: string; anchor: { status: string } };
    expect([stamped.status, stamp.status, stamp.anchor], JSON.stringify(stamp)).toEqual([201, 'done', { status: 'pending' }]);
    const health = await fetch(`${url}/health`);
    // degraded, but the hall stamps (through the outbox): 200, not 503
    expect([health.status, await health.json()]).toEqual([200, expect.objectContaining({ status: 'degraded', chain: 'degraded', outbox: 'ok', token: 'ok' })]);
    expect(lines.join('\n')).toMatch(/ledger: CHAIN_UNREACHABLE: .*serving degraded/);

    // the node comes up: the registry is deployed where ledger.json says, and the waiting stamp is anchored
    anvil = await startAnvil({ dir: join(fx.home, 'chain'), port });
    await anvil.fund(account.address);
    const setup = Outbox.open(join(fx.home, 'setup-nonces.sqlite'));
    try {
      const client = await ChainClient.connect({ rpcUrls: [anvil.rpcUrl], account, db: setup.db });
      expect((await deploySealRegistry(client)).address.toLowerCase()).toBe(registry.toLowerCase());
      await writeRegistry(client, registry, 'addOrganisation', [chainId32(USCC), client.address]);
      await writeRegistry(client, registry, 'setIssuer', [chainId32(USCC), client.address, true]);
    } finally {
      setup.close();
    }
    const anchor = async () => ((await (await fetch(`${url}/api/stamps/${stamp.id}`, { headers })).json()) as { anchor: { status: string } }).anchor.status;
    await expect.poll(anchor, { timeout: 120_000, interval: 500 }).toBe('anchored');
    expect(running.ledger?.state()).toBe('anchoring');

    // the node goes down again; the worker fails and backs off; stop() does not wait that out
    await anvil.stop();
    anvil = undefined;
    const worker = running.ledger!.worker()!;
    const failuresBefore = lines.filter((l) => l.includes('events stay in the outbox and are retried')).length;
    const again = await fetch(`${url}/api/stamps`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ documentId, sealId: seal!.id, placement: { kind: 'position', page: 1, x: 100, y: 90 }, pin: USER_PIN }),
    });
    expect(again.status).toBe(201);
    await expect.poll(() => lines.filter((l) => l.includes('events stay in the outbox and are retried')).length, { timeout: 60_000 }).toBeGreaterThan(failuresBefore);
    const stopping = running;
    running = undefined;
    await stopping.stop();
    expect(stopping.ledger?.state()).toBe('stopped');
    expect(worker.running).toBe(false);
  });
});
