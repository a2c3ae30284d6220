/**
 * GET /api/terminals: the hall's terminals and their seal grants as the follower applied them from
 * the chain (registered and granted at the desk on a real anvil, followed into the service's seal
 * database by the real follower). An administrator sees the terminals of their own subtree with
 * the seals granted to each (name, organisation, grant time); another city's administrator does
 * not see them, and sees their own; a clerk or an auditor is FORBIDDEN (403, zh/en), audited as a
 * refusal.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { afterFile } from '../../helpers/after-file.js';
import { startTestService } from '../../helpers/service.js';
import { followTerminals } from './helpers/followed-terminals.js';
import { configureServiceChain } from './helpers/service-chain.js';

const service = await startTestService();
const { own, otherDepartment, district, other, province } = service.organisations;
const business = service.seals[1]!;
const otherOfficial = service.otherSeals[0]!;
let counter: string;
let kiosk: string;

type Terminal = { address: string; name: string; kind: string; organisationId: string; organisationName: string; registeredAt: string; grants: Array<{ sealId: string; sealName: string; organisationName: string; grantedAt: string }> };

beforeAll(async () => {
  const chain = await configureServiceChain(service);
  afterFile(() => chain.close());
  const addresses = await followTerminals(service, chain, [
    { name: '1号窗口', kind: 'counter', organisation: own, seals: [business] },
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
    expect(window!.grants).toEqual([expect.objectContaining({ sealId: business.id, sealName: business.name, organisationName: own.name })]);
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
});
