import { describe, expect, it } from 'vitest';
import { outboxPath } from '../../../appliance/ledger/ledger-config.js';
import { Outbox } from '../../../appliance/ledger/outbox/outbox.js';
import { USER_PIN } from '../../helpers/softhsm.js';
import { startTestService } from '../../helpers/service.js';
import { tamper } from './helpers.js';

// /api/audit on the real service: a real directory and organisation tree, the real audit log,
// checkpoints signed by a chain key on the real SoftHSM token.
const service = await startTestService();
const { organisations: o, context } = service;

// a day at the hall: entries of several organisations, and one of none (a failed sign-in of an unknown user)
const orgOf = [o.own, o.sibling, o.district, o.other, o.otherDepartment, o.own];
for (let i = 0; i < 12; i++) context.audit.append({ action: 'stamp', actor: { id: `op-${i}`, role: 'clerk' }, organisationId: orgOf[i % orgOf.length]!.id, target: `job-${i}`, outcome: 'ok', details: { pages: 1 } });
context.audit.append({ action: 'session.sign-in-failed', actor: { id: 'anonymous' }, outcome: 'failed', errorCode: 'SIGN_IN_FAILED', details: { ipAddress: '127.0.0.1' } });

type Page = { entries: Array<{ seq: number; organisationId: string | null }>; next: number | null };
const get = async (url: string, headers: Record<string, string>) => service.app.inject({ method: 'GET', url, headers });

describe('GET /api/audit', () => {
  it('gives an auditor the entries of their subtree, newest first', async () => {
    const { headers } = await service.signIn('auditor', o.district);
    const page = (await get('/api/audit?limit=100', headers)).json() as Page;
    const inside = new Set([o.district.id, o.own.id, o.sibling.id]);
    expect(page.entries.length).toBe(8);
    expect(page.entries.every((e) => e.organisationId !== null && inside.has(e.organisationId))).toBe(true);
    expect(page.entries.map((e) => e.seq)).toEqual([...page.entries.map((e) => e.seq)].sort((a, b) => b - a));
    expect(page.next).toBeNull();
  });

  it('narrows to an organisation within the subtree; one outside it is FORBIDDEN', async () => {
    const { headers } = await service.signIn('admin', o.district);
    const own = (await get(`/api/audit?organisationId=${o.own.id}`, headers)).json() as Page;
    expect(own.entries.map((e) => e.organisationId)).toEqual([o.own.id, o.own.id, o.own.id, o.own.id]);
    const other = await get(`/api/audit?organisationId=${o.other.id}`, headers);
    expect([other.statusCode, other.json().code]).toEqual([403, 'FORBIDDEN']);
  });

  it('pages with limit and before, and shows the root auditor entries of no organisation too', async () => {
    const { headers } = await service.signIn('auditor', o.province);
    const first = (await get('/api/audit?limit=5&action=stamp', headers)).json() as Page;
    expect(first.entries.map((e) => e.seq)).toEqual([12, 11, 10, 9, 8]);
    const second = (await get(`/api/audit?limit=5&action=stamp&before=${first.next}`, headers)).json() as Page;
    expect(second.entries.map((e) => e.seq)).toEqual([7, 6, 5, 4, 3]);
    const all = (await get('/api/audit?limit=500', headers)).json() as Page;
    expect(all.entries.some((e) => e.organisationId === null)).toBe(true);
  });

  it('is for auditors and administrators only', async () => {
    for (const role of ['clerk', 'kiosk'] as const) {
      const { headers } = await service.signIn(role);
      const refused = await get('/api/audit', headers);
      expect([refused.statusCode, refused.json().code]).toEqual([403, 'FORBIDDEN']);
    }
    expect((await service.app.inject({ method: 'GET', url: '/api/audit' })).statusCode).toBe(401);
  });
});

describe('POST /api/audit/checkpoint and GET /api/audit/verify', () => {
  it('checkpoints with the chain key once its token is unlocked (admin only)', async () => {
    await service.token.login(USER_PIN);
    await service.token.generateKey('secp256k1', 'chain');
    await service.token.logout();
    const admin = await service.signIn('admin', o.district);
    const locked = await service.app.inject({ method: 'POST', url: '/api/audit/checkpoint', headers: admin.headers });
    expect([locked.statusCode, locked.json().code]).toEqual([401, 'LOGIN_REQUIRED']);
    const auditor = await service.signIn('auditor', o.district);
    expect((await service.app.inject({ method: 'POST', url: '/api/audit/checkpoint', headers: auditor.headers })).statusCode).toBe(403);

    await service.token.login(USER_PIN);
    const done = await service.app.inject({ method: 'POST', url: '/api/audit/checkpoint', headers: admin.headers });
    expect(done.statusCode).toBe(200);
    const { checkpoint } = done.json() as { checkpoint: { seq: number; hash: string; eventId: string; created: boolean } };
    expect(checkpoint).toMatchObject({ seq: context.audit.head().seq, hash: context.audit.head().hash, created: true });
    const outbox = Outbox.open(outboxPath(context.home));
    expect(outbox.event(checkpoint.eventId)).toMatchObject({ kind: 'audit-checkpoint', documentHash: checkpoint.hash, operatorId: admin.operatorId });
    outbox.close();
  });

  it('verifies the whole log, with the report in both languages; an edited entry shows', async () => {
    const { headers } = await service.signIn('auditor', o.own);
    const intact = (await get('/api/audit/verify', headers)).json();
    expect(intact).toMatchObject({ ok: true, checkpoints: [{ status: 'ok', inOutbox: true }], unwitnessed: expect.any(Number) });
    expect(intact.report.zh).toContain('结论：未发现篡改。');
    expect(intact.report.en).toContain('Result: no tampering found.');

    tamper(context.home, (db) => db.prepare("UPDATE entries SET target = 'job-x' WHERE seq = 4").run());
    const tampered = (await get('/api/audit/verify', headers)).json();
    expect(tampered).toMatchObject({ ok: false, firstBad: { seq: 4, problem: 'edited', detectedBy: 'chain' } });
    expect(tampered.report.en).toContain('Entry #4 was edited');
  });
});
