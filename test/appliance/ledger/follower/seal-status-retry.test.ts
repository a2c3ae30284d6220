/**
 * A seal status change made while the chain is out of reach reaches it by itself ("a revocation
 * anywhere stops stamps everywhere", issue 17): the desk (a real service home, its chain key on a
 * real SoftHSM token, the real ledger runner) reaches its anvil through the fault proxy. With the
 * proxy cutting every request, an administrator revokes an active seal through the service
 * route: the answer says the change is queued (SEAL_CHANGE_QUEUED beside the chain error), the
 * signed seal-revoked event is in the outbox all the same, and the seal stays in the status queue
 * through the runner's tries. Healed, the runner sends the revocation with nobody repeating it:
 * the chain says revoked, a follower in another home applies it, and only then is the queue
 * empty. A revocation queued so is never overtaken: the resume an administrator tries next is
 * refused here, and nothing active reaches the chain after it. /health's details count the
 * queue. Without a record store, a registration that failed while cut is registered by the
 * runner once healed (before this queue it was never retried). `sealdesk seal suspend` while cut
 * exits 1 with SEAL_CHANGE_QUEUED and the runner sends the suspension once healed.
 */
import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureDemoSeals } from '../../../../appliance/hall/demo-seals.js';
import { chainId32 } from '../../../../appliance/ledger/chain/chain-id.js';
import { sealRegistryAt, statusName } from '../../../../appliance/ledger/chain/seal-registry.js';
import { queuedSealStatuses } from '../../../../appliance/ledger/follower/status-queue.js';
import { outboxPath, saveLedgerConfig } from '../../../../appliance/ledger/ledger-config.js';
import { Outbox } from '../../../../appliance/ledger/outbox/outbox.js';
import { publishSealChange } from '../../../../appliance/ledger/seal-chain.js';
import { SealRegistry } from '../../../../appliance/seals/registry/seal-registry.js';
import type { Seal } from '../../../../appliance/seals/seal.js';
import { runCli } from '../../../helpers/cli.js';
import { startTestService } from '../../../helpers/service.js';
import { USER_PIN } from '../../../helpers/softhsm.js';
import { tempDir } from '../../../helpers/temp-dir.js';
import { deskBehindProxy } from './helpers/desk-behind-proxy.js';

const service = await startTestService();
const { home, pkcs11 } = service.context;
const desk = deskBehindProxy(service, 'seal-status-store');
const { logged, login, until, anvil } = desk;
const queued = (sealId: string) => queuedSealStatuses(home).find((q) => q.sealId === sealId);

/** The seal's status on chain, read from the node directly (not through the proxy). */
async function chainStatus(sealId: string): Promise<string> {
  const contract = await sealRegistryAt(anvil(), desk.chain.registry);
  const [, , status] = await contract.read.sealOf([chainId32(sealId)]);
  return statusName(status);
}

async function chainHistory(sealId: string): Promise<string[]> {
  const contract = await sealRegistryAt(anvil(), desk.chain.registry);
  return (await contract.read.statusHistory([chainId32(sealId)])).map((change) => statusName(change.status));
}

function outboxKinds(sealId: string): string[] {
  const outbox = Outbox.open(outboxPath(home));
  try {
    return (outbox.db.prepare('SELECT kind FROM events WHERE seal_id = ? ORDER BY seq').all(sealId) as Array<{ kind: string }>).map((row) => row.kind);
  } finally {
    outbox.close();
  }
}

/** A seal enrolled with the chain up, as `sealdesk seal create` does: registered, its record published. */
async function enrolled(name: string, suffix: string): Promise<Seal> {
  const [made] = await ensureDemoSeals(home, pkcs11, service.context.seals, service.token, [{ name: service.organisations.own.name, uscc: service.organisations.own.uscc! }], 'http://127.0.0.1:9/crl', [{ type: 'contract', name }], suffix);
  const seal = made as Seal;
  const certificateSha256 = createHash('sha256').update(seal.certificateChain[0]!).digest('hex');
  const published = await publishSealChange(home, pkcs11, 'registered', { ...seal, certificateSha256 }, login);
  expect(published?.recordPending).toBeUndefined();
  expect(await chainStatus(seal.id)).toBe('active');
  return seal;
}

/** Another terminal's home following the chain and the hall's store: the seal's status there. */
async function followElsewhere(elsewhere: string, sealId: string): Promise<string> {
  await desk.followInto(elsewhere);
  const there = SealRegistry.open(elsewhere);
  try {
    return there.get(sealId).status;
  } finally {
    there.close();
  }
}

interface ChangeAnswer {
  status: string;
  chain: { error?: { code: string }; queued?: { code: string; message_zh: string; message_en: string }; txHash?: string } | null;
}

describe('a seal status change made while the chain is cut reaches it by itself', () => {
  it('cut → revoke (answer: queued; event in the outbox) → heal → revoked on chain, applied elsewhere, dequeued', { timeout: 300_000 }, async () => {
    const seal = await enrolled('审批局合同专用章（断链时注销）', '-status');
    const elsewhere = join(await tempDir('seal-status-elsewhere'), 'counter');
    await mkdir(elsewhere, { recursive: true });
    expect(await followElsewhere(elsewhere, seal.id)).toBe('active');

    desk.proxy.setFault({ kind: 'unavailable' });
    const admin = await service.signIn('admin', service.organisations.district);
    const answer = await service.app.inject({ method: 'POST', url: `/api/seals/${seal.id}/revoke`, payload: { reason: '印章遗失（断链时）' }, headers: admin.headers });
    expect(answer.statusCode, answer.body).toBe(200);
    const body = answer.json() as ChangeAnswer;
    expect(body.status).toBe('revoked');
    expect(body.chain?.error?.code).toMatch(/^CHAIN_/);
    expect(body.chain?.queued).toMatchObject({ code: 'SEAL_CHANGE_QUEUED' });
    expect(body.chain?.queued?.message_en).toContain('queued');
    expect(body.chain?.queued?.message_zh).toContain('已排队');
    // the signed event went to the outbox before the chain was asked
    expect(outboxKinds(seal.id)).toContain('seal-revoked');
    const health = async () => ((await service.app.inject({ method: 'GET', url: '/health', headers: admin.headers })).json() as { details: { sealQueue: { statuses: number } } }).details.sealQueue;
    expect(await health()).toMatchObject({ statuses: 1 });

    // cut: kept through the runner's tries, each failure counted
    await until('the runner to try the queued status while cut', async () => {
      const entry = queued(seal.id);
      expect(entry, 'dropped from the queue while the chain was cut').toBeDefined();
      return entry!.attempts >= 2;
    });
    expect(queued(seal.id)!.lastError).toMatch(/^CHAIN_/);
    expect(await chainStatus(seal.id)).toBe('active');

    // healed: nobody repeats the revocation; the chain learns it, the queue lets it go only after
    desk.proxy.setFault({ kind: 'pass' });
    await until('the revocation on chain', async () => {
      const stillQueued = queued(seal.id) !== undefined;
      const onChain = (await chainStatus(seal.id)) === 'revoked';
      expect(stillQueued || onChain, 'dequeued before the chain said revoked').toBe(true);
      return onChain && !stillQueued;
    });
    expect(await chainHistory(seal.id)).toEqual(['active', 'revoked']);
    expect(logged.join('\n')).toContain(`seal status: ${seal.id} sent on chain; dequeued`);
    expect(await followElsewhere(elsewhere, seal.id)).toBe('revoked');
    expect(await health()).toMatchObject({ statuses: 0 });
  });

  it('a revocation queued while cut is not overtaken: a resume is refused here, nothing active reaches the chain', { timeout: 300_000 }, async () => {
    const seal = await enrolled('审批局合同专用章（注销后恢复）', '-final');
    desk.proxy.setFault({ kind: 'unavailable' });
    const admin = await service.signIn('admin', service.organisations.district);
    const change = (verb: string, payload: object) => service.app.inject({ method: 'POST', url: `/api/seals/${seal.id}/${verb}`, payload, headers: admin.headers });

    const suspended = await change('suspend', { reason: '暂停（断链时）' });
    expect((suspended.json() as ChangeAnswer).chain?.queued?.code).toBe('SEAL_CHANGE_QUEUED');
    const revoked = await change('revoke', { reason: '注销（断链时）' });
    expect((revoked.json() as ChangeAnswer).chain?.queued?.code).toBe('SEAL_CHANGE_QUEUED');
    const resumed = await change('resume', {});
    expect([resumed.statusCode, resumed.json().code]).toEqual([410, 'SEAL_REVOKED']);
    expect(outboxKinds(seal.id)).toEqual(['seal-registered', 'seal-suspended', 'seal-revoked']);

    desk.proxy.setFault({ kind: 'pass' });
    await until('the revocation on chain and dequeued', async () => (await chainStatus(seal.id)) === 'revoked' && queued(seal.id) === undefined);
    const history = await chainHistory(seal.id);
    expect(history.at(-1)).toBe('revoked');
    expect(history.slice(1), 'active again on chain after the registration').not.toContain('active');
    expect(service.context.seals.get(seal.id).status).toBe('revoked');
  });

  it('without a record store, a registration that failed while cut is registered once healed (active), then dequeued', { timeout: 300_000 }, async () => {
    saveLedgerConfig(home, { sealRecords: undefined });
    try {
      desk.proxy.setFault({ kind: 'unavailable' });
      const [made] = await ensureDemoSeals(home, pkcs11, service.context.seals, service.token, [{ name: service.organisations.own.name, uscc: service.organisations.own.uscc! }], 'http://127.0.0.1:9/crl', [{ type: 'finance', name: '财务专用章（无档案库时断链登记）' }], '-norecords');
      const seal = made as Seal;
      const certificateSha256 = createHash('sha256').update(seal.certificateChain[0]!).digest('hex');
      await expect(publishSealChange(home, pkcs11, 'registered', { ...seal, certificateSha256 }, login)).rejects.toThrow();
      expect(queued(seal.id), 'queued for the runner').toBeDefined();
      expect(outboxKinds(seal.id)).toEqual(['seal-registered']);
      expect(await chainStatus(seal.id)).toBe('none');

      desk.proxy.setFault({ kind: 'pass' });
      await until('the seal registered on chain and dequeued', async () => (await chainStatus(seal.id)) === 'active' && queued(seal.id) === undefined);
      expect(logged.join('\n')).toContain(`seal status: ${seal.id} registered on chain; dequeued`);
    } finally {
      saveLedgerConfig(home, { sealRecords: desk.store });
    }
  });

  it('sealdesk seal suspend while cut: exit 1 with SEAL_CHANGE_QUEUED; healed, the chain says suspended', { timeout: 300_000 }, async () => {
    const seal = await enrolled('合同专用章（命令行暂停）', '-cli');
    desk.proxy.setFault({ kind: 'unavailable' });
    // the CLI is another process on the same home and token, as an administrator at the desk runs it
    const result = await runCli(['seal', 'suspend', seal.id, '--reason', '命令行断链暂停', '--json'], { SEALDESK_HOME: home, SEALDESK_PIN: USER_PIN });
    expect(result.code, result.stderr).toBe(1);
    const answer = JSON.parse(result.stdout) as { error: { code: string; messageEn?: string } };
    expect(answer.error.code).toBe('SEAL_CHANGE_QUEUED');
    expect(service.context.seals.get(seal.id).status).toBe('suspended');
    expect(outboxKinds(seal.id)).toContain('seal-suspended');

    desk.proxy.setFault({ kind: 'pass' });
    await until('the suspension on chain and dequeued', async () => (await chainStatus(seal.id)) === 'suspended' && queued(seal.id) === undefined);
    expect(await chainHistory(seal.id)).toEqual(['active', 'suspended']);
  });
});
