import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../appliance/audit/audit-entry.js';
import { pdfLibDocument } from '../appliance/pdf/make-pdf.js';
import { upload } from '../appliance/service/helpers/multipart.js';
import { USER_PIN } from '../helpers/softhsm.js';
import { startTestService, TEST_PASSWORD } from '../helpers/service.js';
import { tempDir } from '../helpers/temp-dir.js';

// Issue 13, item 9: role refusals, scope refusals, refused PIN attempts, token login and logout
// and organisation renames left no audit entry. Each is now an entry, under the actor's
// organisation and the target's, and neither a PIN nor a password is in any of them.
const service = await startTestService();
const { app, context, organisations: o } = service;
const serial = service.token.serial;

const since = () => context.audit.head().seq;
const entriesAfter = (seq: number): AuditEntry[] => context.audit.list({ from: seq + 1, limit: 1000 });
type Page = { entries: AuditEntry[] };
const auditOf = async (headers: Record<string, string>) => ((await app.inject({ method: 'GET', url: '/api/audit?limit=500', headers })).json() as Page).entries;

describe('audit of refusals and privileged actions (issue 13, item 9)', () => {
  it('a wrong role is audited as access.refused, with the route and the actor', async () => {
    const clerk = await service.signIn('clerk');
    const seq = since();
    const refused = await app.inject({ method: 'GET', url: '/api/audit', headers: clerk.headers });
    expect([refused.statusCode, refused.json().code]).toEqual([403, 'FORBIDDEN']);
    expect(entriesAfter(seq)).toEqual([
      expect.objectContaining({
        action: 'access.refused',
        outcome: 'denied',
        errorCode: 'FORBIDDEN',
        actor: { id: clerk.operatorId, username: clerk.username, role: 'clerk' },
        organisationId: o.own.id,
        details: expect.objectContaining({ method: 'GET', route: '/api/audit', actorOrganisationId: o.own.id }),
      }),
    ]);
  });

  it('a target outside the subtree is audited under the target’s organisation and the actor’s, and both auditors see it', async () => {
    const outsider = await service.signIn('admin', o.own);
    const seq = since();
    const read = await app.inject({ method: 'GET', url: `/api/organisations/${o.otherDepartment.id}`, headers: outsider.headers });
    expect([read.statusCode, read.json()]).toEqual([403, expect.objectContaining({ code: 'FORBIDDEN', details: { role: 'admin' } })]);
    const rename = await app.inject({ method: 'PATCH', url: `/api/organisations/${o.otherDepartment.id}`, headers: outsider.headers, payload: { name: '被改的名字' } });
    expect([rename.statusCode, rename.json().code]).toEqual([403, 'FORBIDDEN']);
    expect(context.directory.organisations.get(o.otherDepartment.id).name).toBe(o.otherDepartment.name);
    const [scope, renameRefused, ...more] = entriesAfter(seq);
    expect(more).toEqual([]);
    expect(scope).toMatchObject({ action: 'access.refused', outcome: 'denied', organisationId: o.otherDepartment.id, actor: { id: outsider.operatorId }, details: { actorOrganisationId: o.own.id, route: '/api/organisations/:id' } });
    expect(renameRefused).toMatchObject({ action: 'organisation.rename', outcome: 'denied', errorCode: 'FORBIDDEN', organisationId: o.otherDepartment.id, target: o.otherDepartment.id, details: { actorOrganisationId: o.own.id } });
    // the target's auditor and the actor's auditor both find the two entries, each without the other subtree's organisation
    const targetSide = (await auditOf((await service.signIn('auditor', o.otherDepartment)).headers)).find((e) => e.seq === renameRefused!.seq);
    expect(targetSide).toMatchObject({ organisationId: o.otherDepartment.id, target: o.otherDepartment.id, actor: { id: outsider.operatorId }, details: { actorOrganisationId: null } });
    const actorSide = (await auditOf((await service.signIn('auditor', o.own)).headers)).find((e) => e.seq === renameRefused!.seq);
    expect(actorSide).toMatchObject({ organisationId: null, target: null, actor: { id: outsider.operatorId }, details: { actorOrganisationId: o.own.id } });
    for (const where of [o.otherDepartment, o.own]) {
      const seqs = (await auditOf((await service.signIn('auditor', where)).headers)).map((e) => e.seq);
      expect(seqs).toEqual(expect.arrayContaining([scope!.seq, renameRefused!.seq]));
    }
    // an auditor of neither does not
    const sibling = (await auditOf((await service.signIn('auditor', o.sibling)).headers)).map((e) => e.seq);
    expect(sibling).not.toContain(scope!.seq);
  });

  it('an organisation rename is audited with the names before and after', async () => {
    const admin = await service.signIn('admin', o.district);
    const seq = since();
    const renamed = await app.inject({ method: 'PATCH', url: `/api/organisations/${o.sibling.id}`, headers: admin.headers, payload: { name: '杭州市西湖区市场监督管理局（新）', nameEn: 'Xihu Market Regulation' } });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(entriesAfter(seq)).toEqual([
      expect.objectContaining({
        action: 'organisation.rename',
        outcome: 'ok',
        organisationId: o.sibling.id,
        target: o.sibling.id,
        details: { nameBefore: o.sibling.name, nameAfter: '杭州市西湖区市场监督管理局（新）', nameEnBefore: null, nameEnAfter: 'Xihu Market Regulation', actorOrganisationId: o.district.id },
      }),
    ]);
  });

  it('token login and logout are audited, a wrong PIN and a refused caller too, and no PIN is in the log', async () => {
    const clerk = await service.signIn('clerk', o.own, { grantSeals: service.seals });
    const kiosk = await service.signIn('kiosk');
    const seq = since();
    const login = (headers: Record<string, string>, pin: string) => app.inject({ method: 'POST', url: `/api/tokens/${serial}/login`, headers, payload: { pin } });
    expect((await login(clerk.headers, '999999')).json().code).toBe('PIN_INCORRECT');
    expect((await login(kiosk.headers, '135790')).json().code).toBe('FORBIDDEN');
    expect((await login(clerk.headers, USER_PIN)).statusCode).toBe(200);
    expect((await app.inject({ method: 'POST', url: `/api/tokens/${serial}/logout`, headers: clerk.headers })).statusCode).toBe(200);
    const tokenEntries = entriesAfter(seq).filter((e) => e.action.startsWith('token.'));
    expect(tokenEntries.map((e) => [e.action, e.outcome, e.errorCode, e.actor.id, e.target])).toEqual([
      // a refused PIN is one entry, the token layer's own
      ['token.pin-failed', 'failed', 'PIN_INCORRECT', clerk.operatorId, serial],
      ['token.login', 'denied', 'FORBIDDEN', kiosk.operatorId, serial],
      ['token.login', 'ok', null, clerk.operatorId, serial],
      ['token.logout', 'ok', null, clerk.operatorId, serial],
    ]);
    const whole = JSON.stringify([...context.audit.all()]);
    for (const secret of [USER_PIN, '999999', '135790', TEST_PASSWORD]) expect(whole).not.toContain(secret);
  });

  it('another origin, another host and an anonymous change are audited; an anonymous look is not', async () => {
    const clerk = await service.signIn('clerk');
    const seq = since();
    const cross = await app.inject({ method: 'DELETE', url: '/api/session', headers: { ...clerk.headers, origin: 'http://127.0.0.1:9' } });
    expect([cross.statusCode, cross.json().code]).toEqual([403, 'ORIGIN_REFUSED']);
    const rebound = await app.inject({ method: 'GET', url: '/health', headers: { host: 'evil.example' } });
    expect(rebound.statusCode).toBe(421);
    const anonymous = await app.inject({ method: 'POST', url: '/api/documents' });
    expect(anonymous.json().code).toBe('UNAUTHENTICATED');
    expect((await app.inject({ method: 'GET', url: '/api/session' })).statusCode).toBe(401);
    // a Host shaped like an ID number cannot keep the refusal out of the log: the entry is written without it
    expect((await app.inject({ method: 'GET', url: '/health', headers: { host: '110101199003078888' } })).statusCode).toBe(421);
    expect(entriesAfter(seq).map((e) => [e.action, e.outcome, e.errorCode, e.actor.id, e.details.origin ?? e.details.host ?? e.details.route])).toEqual([
      ['access.refused', 'denied', 'ORIGIN_REFUSED', clerk.operatorId, 'http://127.0.0.1:9'],
      ['access.refused', 'denied', 'HOST_NOT_ALLOWED', 'anonymous', 'evil.example'],
      ['access.refused', 'denied', 'UNAUTHENTICATED', 'anonymous', '/api/documents'],
      ['access.refused', 'denied', 'HOST_NOT_ALLOWED', 'anonymous', '(withheld)'],
    ]);
  });
});

describe('refusals of the stamp, seal, document-owner and token-logout checks are kept under the target’s organisation too', () => {
  it('each is an entry under the organisation of what was refused, the actor’s in actorOrganisationId, seen by both auditors', async () => {
    const business = service.seals[1]!;
    const stamper = await service.signIn('clerk', o.own, { grantSeals: [business] });
    const pdf = await readFile(await pdfLibDocument(await tempDir('audit-target'), 'in.pdf', 1));
    const doc = await upload(service, stamper.headers, pdf);
    const stamped = await app.inject({
      method: 'POST',
      url: '/api/stamps',
      headers: { ...stamper.headers, 'idempotency-key': 'audit-target-0001' },
      payload: { documentId: doc.documentId, sealId: business.id, placement: { kind: 'position', page: 1, x: 100, y: 100 }, pin: USER_PIN },
    });
    expect(stamped.statusCode, stamped.body).toBe(201);
    const stampId = stamped.json<{ id: string }>().id;

    // a clerk of the district above (within the subtree, no grant) and one of the sibling department (outside)
    const districtClerk = await service.signIn('clerk', o.district);
    const siblingClerk = await service.signIn('clerk', o.sibling);
    const seq = since();
    const refusals = [
      // stamp check: another department's stamp
      await app.inject({ method: 'GET', url: `/api/stamps/${stampId}`, headers: siblingClerk.headers }),
      // stamp check on printing: seeing it is not holding the seal
      await app.inject({ method: 'POST', url: `/api/stamps/${stampId}/print`, headers: districtClerk.headers, payload: {} }),
      // document owner: another clerk's upload
      await app.inject({ method: 'GET', url: `/api/documents/${doc.documentId}/pdf`, headers: districtClerk.headers }),
      // seal check: a seal of the subtree without a grant
      await app.inject({ method: 'POST', url: '/api/licences', headers: districtClerk.headers, payload: { type: '居住证明', holder: { name: '张三丰', idNumber: '11010519491231002X' }, fields: {}, sealId: business.id, documentHash: 'ab'.repeat(32), pin: USER_PIN } }),
      // may log out: a token none of whose seals concern the caller (it belongs to the district)
      await app.inject({ method: 'POST', url: `/api/tokens/${serial}/logout`, headers: siblingClerk.headers }),
    ];
    expect(refusals.map((r) => [r.statusCode, r.json<{ code: string }>().code])).toEqual(Array(5).fill([403, 'FORBIDDEN']));
    // the caller learns nothing of the target's organisation
    for (const r of refusals) expect(r.json()).toEqual(expect.objectContaining({ details: { role: 'clerk' } }));

    const entries = entriesAfter(seq).filter((e) => e.outcome === 'denied');
    expect(entries.map((e) => [e.action, e.actor.id, e.organisationId, e.details.actorOrganisationId])).toEqual([
      ['access.refused', siblingClerk.operatorId, o.own.id, o.sibling.id],
      ['access.refused', districtClerk.operatorId, o.own.id, o.district.id],
      ['access.refused', districtClerk.operatorId, o.own.id, o.district.id],
      ['licence.issue', districtClerk.operatorId, o.own.id, o.district.id],
      ['token.logout', siblingClerk.operatorId, o.district.id, o.sibling.id],
    ]);
    // the target department's auditor sees the first four; the sibling's auditor the refusals of its own clerk
    const ownAuditor = (await auditOf((await service.signIn('auditor', o.own)).headers)).map((e) => e.seq);
    expect(ownAuditor).toEqual(expect.arrayContaining(entries.slice(0, 4).map((e) => e.seq)));
    const siblingAuditor = (await auditOf((await service.signIn('auditor', o.sibling)).headers)).map((e) => e.seq);
    expect(siblingAuditor).toEqual(expect.arrayContaining([entries[0]!.seq, entries[4]!.seq]));
  });
});
