/**
 * /api/terminals: the hall's terminals and their seal grants as the follower applied them from the
 * chain (registered and granted at the desk on a real anvil, followed into the service's seal
 * database by the real follower). An administrator sees the terminals of their own subtree with
 * the seals granted to each (name, organisation, grant time); another city's administrator does
 * not see them, and sees their own; a clerk or an auditor is FORBIDDEN (403, zh/en), audited as a
 * refusal. The administrator withdraws and grants a seal from here (sent with the open chain key,
 * LOGIN_REQUIRED while it is closed), shown once final; another city's administrator withdrawing
 * it is FORBIDDEN before anything is sent, audited as terminal.revoke-grant denied.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { afterFile } from '../../helpers/after-file.js';
import { startTestService } from '../../helpers/service.js';
import { USER_PIN } from '../../helpers/softhsm.js';
import { followChain, followTerminals } from './helpers/followed-terminals.js';
import { configureServiceChain } from './helpers/service-chain.js';

const service = await startTestService();
let chain: Awaited<ReturnType<typeof configureServiceChain>>;
const { own, otherDepartment, district, other, province } = service.organisations;
const business = service.seals[1]!;
const otherOfficial = service.otherSeals[0]!;
let counter: string;
let kiosk: string;

type Terminal = { address: string; name: string; kind: string; organisationId: string; organisationName: string; registeredAt: string; grants: Array<{ sealId: string; sealName: string | null; organisationName: string | null; grantedAt: string; outsideScope: boolean }> };

beforeAll(async () => {
  chain = await configureServiceChain(service);
  afterFile(() => chain.close());
  const addresses = await followTerminals(service, chain, [
    // the window also stamps with a seal of another city's department: granted there, not named here
    { name: '1号窗口', kind: 'counter', organisation: own, seals: [business, otherOfficial] },
    { name: '宁波自助终端', kind: 'kiosk', organisation: otherDepartment, seals: [otherOfficial] },
  ]);
  [counter, kiosk] = addresses as [string, string];
}, 240_000);

async function terminalsAs(headers: { authorization: string }) {
  return service.app.inject({ method: 'GET', url: '/api/terminals', headers });
}

describe('the hall’s terminals for the admin page', () => {
  it('an administrator sees their subtree’s terminal with its granted seal, not another city’s', async () => {
    const admin = await service.signIn('admin', district);
    const response = await terminalsAs(admin.headers);
    expect(response.statusCode, response.body).toBe(200);
    const terminals = response.json<{ terminals: Terminal[] }>().terminals;
    expect(terminals.map((t) => t.address)).toEqual([counter]);
    const [window] = terminals;
    expect(window).toMatchObject({ name: '1号窗口', kind: 'counter', organisationId: own.id, organisationName: own.name });
    expect(Date.parse(window!.registeredAt)).not.toBeNaN();
    expect(window!.grants).toEqual([
      expect.objectContaining({ sealId: business.id, sealName: business.name, organisationName: own.name, outsideScope: false }),
      expect.objectContaining({ sealName: null, organisationName: null, organisationUscc: null, outsideScope: true }),
    ]);
    // the other city's seal is granted at this admin's window, but neither it nor its owner is named
    expect(response.body).not.toContain(otherDepartment.name);
    // the grant's time is its block's: set when the desk decided it, not when this page asked
    expect(Date.parse(window!.grants[0]!.grantedAt)).toBeLessThanOrEqual(Date.now() + 60_000);
    expect(Date.parse(window!.grants[0]!.grantedAt)).toBeGreaterThan(Date.now() - 3_600_000);
  });

  it('another city’s administrator sees only their own terminal; the root administrator sees both', async () => {
    const ningbo = await service.signIn('admin', other);
    const theirs = (await terminalsAs(ningbo.headers)).json<{ terminals: Terminal[] }>().terminals;
    expect(theirs.map((t) => t.address)).toEqual([kiosk]);
    expect(theirs[0]).toMatchObject({ name: '宁波自助终端', kind: 'kiosk', grants: [expect.objectContaining({ sealId: otherOfficial.id, sealName: otherOfficial.name })] });
    const department = await service.signIn('admin', otherDepartment);
    expect((await terminalsAs(department.headers)).json<{ terminals: Terminal[] }>().terminals.map((t) => t.name)).toEqual(['宁波自助终端']);

    const root = await service.signIn('admin', province);
    const all = (await terminalsAs(root.headers)).json<{ terminals: Terminal[] }>().terminals;
    expect(all.map((t) => t.address).sort()).toEqual([counter, kiosk].sort());
    // the root's subtree holds both cities: every grant named
    expect(all.find((t) => t.address === counter)!.grants.map((g) => [g.sealName, g.outsideScope])).toEqual([
      [business.name, false],
      [otherOfficial.name, false],
    ]);
  });

  it('a clerk (and an auditor) is FORBIDDEN, with the typed error, and the refusal is audited', async () => {
    for (const role of ['clerk', 'auditor'] as const) {
      const caller = await service.signIn(role, own);
      const refused = await terminalsAs(caller.headers);
      expect(refused.statusCode).toBe(403);
      const body = refused.json<{ code: string; message_zh: string; message_en: string }>();
      expect(body.code).toBe('FORBIDDEN');
      expect(body.message_zh.length).toBeGreaterThan(0);
      expect(body.message_en.length).toBeGreaterThan(0);
      expect(refused.body).not.toContain(counter);
      const entry = service.context.audit.list({ action: 'access.refused' }).at(-1);
      expect(entry).toMatchObject({ outcome: 'denied', errorCode: 'FORBIDDEN', actor: expect.objectContaining({ id: caller.operatorId }), details: expect.objectContaining({ route: '/api/terminals', method: 'GET' }) });
    }
  });

  it('withdraws and grants a seal from the page’s route; another city’s administrator may not; shown once final', async () => {
    const admin = await service.signIn('admin', district);
    // the seals of this admin's subtree (the other city's seal stays granted throughout)
    const grantsOf = async (address: string) =>
      (await terminalsAs(admin.headers))
        .json<{ terminals: Terminal[] }>()
        .terminals.find((t) => t.address === address)!
        .grants.filter((g) => !g.outsideScope)
        .map((g) => g.sealId);
    const url = `/api/terminals/${counter}/grants/${business.id}`;

    // another city's administrator: refused before anything is sent, audited under the desk's decision
    const ningbo = await service.signIn('admin', other);
    const refused = await service.app.inject({ method: 'DELETE', url, headers: ningbo.headers });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'FORBIDDEN' });
    expect(service.context.audit.list({ action: 'terminal.revoke-grant' }).at(-1)).toMatchObject({ outcome: 'denied', errorCode: 'FORBIDDEN', target: business.id, details: expect.objectContaining({ terminal: counter }) });
    // a clerk: the access layer's refusal
    const clerk = await service.signIn('clerk', own, { grantSeals: [business] });
    expect((await service.app.inject({ method: 'PUT', url, headers: clerk.headers })).statusCode).toBe(403);

    // the chain key's token closed: the service never asks for a PIN here
    const closed = await service.app.inject({ method: 'DELETE', url, headers: admin.headers });
    expect(closed.statusCode, closed.body).toBe(401);
    expect(closed.json()).toMatchObject({ code: 'LOGIN_REQUIRED' });

    await service.token.login(USER_PIN);
    try {
      const withdrawn = await service.app.inject({ method: 'DELETE', url, headers: admin.headers });
      expect(withdrawn.statusCode, withdrawn.body).toBe(200);
      expect(withdrawn.json()).toMatchObject({ sealId: business.id, terminal: counter, granted: false, txHash: expect.stringMatching(/^0x[0-9a-f]{64}$/) });
      expect(service.context.audit.list({ action: 'terminal.revoke-grant' }).at(-1)).toMatchObject({ outcome: 'ok', target: business.id, organisationId: own.id });
      await followChain(service, chain);
      expect(await grantsOf(counter)).toEqual([]);

      const granted = await service.app.inject({ method: 'PUT', url, headers: admin.headers });
      expect(granted.statusCode, granted.body).toBe(200);
      await followChain(service, chain);
      expect(await grantsOf(counter)).toEqual([business.id]);
      // the other city's terminal was never touched
      expect((await terminalsAs((await service.signIn('admin', province)).headers)).json<{ terminals: Terminal[] }>().terminals.find((t) => t.address === kiosk)!.grants.map((g) => g.sealId)).toEqual([otherOfficial.id]);
    } finally {
      await service.token.logout();
    }
  });
});
