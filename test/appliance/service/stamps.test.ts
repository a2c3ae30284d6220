import { readFile, writeFile } from 'node:fs/promises';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyPdf } from '../../../appliance/verification/index.js';
import { USER_PIN } from '../../helpers/softhsm.js';
import { startTestService } from '../../helpers/service.js';
import { pdfLibDocument } from '../pdf/make-pdf.js';
import { upload } from './helpers/multipart.js';
import { tempDir } from '../../helpers/temp-dir.js';

const service = await startTestService();
const [official, business] = service.seals as [(typeof service.seals)[0], (typeof service.seals)[0]];
let dir: string;
let pdf: Buffer;
let clerk: Awaited<ReturnType<typeof service.signIn>>;
let colleague: Awaited<ReturnType<typeof service.signIn>>;

const stampsOut = () => join(service.context.workDir, 'stamps', 'out');
const stampedEvents = () => (service.context.events.outbox.db.prepare("SELECT count(*) AS n FROM events WHERE kind = 'stamped'").get() as { n: number }).n;

function post(headers: Record<string, string>, body: object, key?: string) {
  return service.app.inject({ method: 'POST', url: '/api/stamps', payload: body, headers: { ...headers, ...(key ? { 'idempotency-key': key } : {}) } });
}

beforeAll(async () => {
  dir = await tempDir('stamps');
  pdf = await readFile(await pdfLibDocument(dir, 'in.pdf', 2));
  clerk = await service.signIn('clerk', service.organisations.own, { grantSeals: [official, business] });
  colleague = await service.signIn('clerk', service.organisations.own, { grantSeals: [business] });
});

describe('POST /api/stamps', () => {
  let firstId = '';
  let eventId = '';

  it('stamps the clerk’s upload: the PDF verifies, its event is in the outbox with the clerk’s id, audited and counted', async () => {
    const doc = await upload(service, clerk.headers, pdf);
    expect(doc.pages).toBe(2);
    const response = await post(clerk.headers, { documentId: doc.documentId, sealId: business.id, placement: { kind: 'position', page: 2, x: 380, y: 90 }, pin: USER_PIN }, 'counter-7-0001');
    expect(response.statusCode, response.body).toBe(201);
    const job = response.json();
    expect(job).toMatchObject({ status: 'done', sealId: business.id, documentId: doc.documentId, operatorId: clerk.operatorId, attempts: 1, error: null, anchor: { status: 'pending' } });
    expect(job.result).toMatchObject({ documentHash: doc.sha256, level: 'B-B', page: 2, verificationUrl: expect.stringContaining(`doc=${doc.sha256}`) });
    firstId = job.id;
    eventId = job.result.eventId;

    const stamped = await service.app.inject({ method: 'GET', url: `/api/stamps/${firstId}/pdf`, headers: clerk.headers });
    expect(stamped.headers['content-type']).toBe('application/pdf');
    const out = join(dir, 'stamped.pdf');
    await writeFile(out, stamped.rawPayload);
    // the input is the output's exact prefix (incremental update), and the stamp verifies
    expect(stamped.rawPayload.subarray(0, pdf.length).equals(pdf)).toBe(true);
    const report = await verifyPdf(out, { home: service.context.home });
    expect(report.status).toBe('valid');
    expect(report.signatures[0]?.seal?.id).toBe(business.id);

    const event = service.context.events.outbox.event(eventId);
    expect(event).toMatchObject({ kind: 'stamped', sealId: business.id, documentHash: doc.sha256, operatorId: clerk.operatorId });
    expect(service.context.audit.list({ action: 'stamp' }).at(-1)).toMatchObject({ outcome: 'ok', target: firstId, actor: { id: clerk.operatorId }, details: { eventId } });
    expect(await service.context.metrics.registry.getSingleMetricAsString('sealdesk_stamps_total')).toContain('outcome="ok"} 1');
  });

  it('a retry with the same Idempotency-Key returns the first stamp and stamps nothing; the key with another request is refused', async () => {
    const before = stampedEvents();
    const job = service.context.events.outbox.event(eventId);
    const documentId = (await service.app.inject({ method: 'GET', url: `/api/stamps/${firstId}`, headers: clerk.headers })).json().documentId;
    const again = await post(clerk.headers, { documentId, sealId: business.id, placement: { kind: 'position', page: 2, x: 380, y: 90 }, pin: USER_PIN }, 'counter-7-0001');
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ id: firstId, result: { eventId: job!.id } });
    expect(stampedEvents()).toBe(before);
    const other = await post(clerk.headers, { documentId, sealId: business.id, placement: { kind: 'position', page: 1, x: 100, y: 90 }, pin: USER_PIN }, 'counter-7-0001');
    expect([other.statusCode, other.json().code]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED']);
  });

  it('another clerk’s PIN is checked although the token is open: a wrong one is PIN_INCORRECT, audited, and leaves the token open', async () => {
    expect(service.token.isLoggedIn).toBe(true);
    const doc = await upload(service, colleague.headers, pdf);
    const wrong = await post(colleague.headers, { documentId: doc.documentId, sealId: business.id, placement: { kind: 'position', page: 1, x: 100, y: 100 }, pin: 'wrong-pin-z' }, 'colleague-0001');
    expect([wrong.statusCode, wrong.json().code]).toEqual([401, 'PIN_INCORRECT']);
    expect(wrong.json().details.triesLeft).toBeGreaterThan(0);
    expect(wrong.body).not.toContain('wrong-pin-z');
    // the other clerks on this token go on stamping
    expect(service.token.isLoggedIn).toBe(true);
    expect(service.context.audit.list({ action: 'token.pin-failed' }).at(-1)).toMatchObject({ outcome: 'failed', errorCode: 'PIN_INCORRECT', actor: { id: colleague.operatorId }, target: service.token.serial });
    expect(JSON.stringify(service.context.audit.list())).not.toContain('wrong-pin-z');
    // no PIN although the token is open: every counter stamp carries one
    const none = await post(colleague.headers, { documentId: doc.documentId, sealId: business.id, placement: { kind: 'position', page: 1, x: 100, y: 100 } }, 'colleague-0001');
    expect([none.statusCode, none.json().code]).toEqual([400, 'STAMP_PIN_REQUIRED']);
    // the failed attempts left no output; the same key with the right PIN now stamps
    expect(readdirSync(stampsOut()).filter((f) => !f.startsWith(firstId))).toEqual([]);
    const right = await post(colleague.headers, { documentId: doc.documentId, sealId: business.id, placement: { kind: 'position', page: 1, x: 100, y: 100 }, pin: USER_PIN }, 'colleague-0001');
    expect(right.statusCode).toBe(201);
    expect(right.json()).toMatchObject({ status: 'done', attempts: 2, operatorId: colleague.operatorId });
  });

  it('refuses what the clerk may not use: an ungranted seal, another organisation’s seal, another clerk’s document', async () => {
    const doc = await upload(service, colleague.headers, pdf);
    const placement = { kind: 'position', page: 1, x: 100, y: 100 };
    const ungranted = await post(colleague.headers, { documentId: doc.documentId, sealId: official.id, placement });
    const elsewhere = await post(colleague.headers, { documentId: doc.documentId, sealId: service.otherSeals[0]!.id, placement });
    const notTheirs = await post(clerk.headers, { documentId: doc.documentId, sealId: business.id, placement });
    const missing = await post(clerk.headers, { documentId: '00000000-0000-4000-8000-000000000000', sealId: business.id, placement });
    for (const r of [ungranted, elsewhere, notTheirs]) expect([r.statusCode, r.json().code]).toEqual([403, 'FORBIDDEN']);
    expect([missing.statusCode, missing.json().code]).toEqual([404, 'DOCUMENT_NOT_FOUND']);
    const asAuditor = await post((await service.signIn('auditor')).headers, { documentId: doc.documentId, sealId: business.id, placement });
    expect(asAuditor.statusCode).toBe(403);
  });

  it('malformed requests are typed 4xx: bad JSON, a wrong content type, a bad placement, a bad key', async () => {
    const cases = [
      { payload: '{"documentId": ', type: 'application/json', code: 'JSON_MALFORMED', status: 400 },
      { payload: 'documentId=1', type: 'application/x-www-form-urlencoded', code: 'MEDIA_TYPE_UNSUPPORTED', status: 415 },
      { payload: JSON.stringify({ documentId: '00000000-0000-4000-8000-000000000000', sealId: business.id, placement: { kind: 'corner' } }), type: 'application/json', code: 'REQUEST_INVALID', status: 400 },
      { payload: JSON.stringify({ documentId: '../../etc/passwd', sealId: business.id, placement: { kind: 'text', text: '盖章处' } }), type: 'application/json', code: 'REQUEST_INVALID', status: 400 },
    ];
    for (const c of cases) {
      const r = await service.app.inject({ method: 'POST', url: '/api/stamps', payload: c.payload, headers: { ...clerk.headers, 'content-type': c.type } });
      expect([r.statusCode, r.json().code], c.code).toEqual([c.status, c.code]);
    }
    const badKey = await post(clerk.headers, { documentId: '00000000-0000-4000-8000-000000000000', sealId: business.id, placement: { kind: 'field', name: 'x' } }, 'a b');
    expect([badKey.statusCode, badKey.json().code]).toEqual([400, 'REQUEST_INVALID']);
  });

  it('a revoked seal: SEAL_REVOKED, no output, and the service keeps serving', async () => {
    const admin = await service.signIn('admin', service.organisations.district);
    const revoked = await service.app.inject({ method: 'POST', url: `/api/seals/${official.id}/revoke`, payload: { reason: '印章遗失' }, headers: admin.headers });
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect(revoked.json()).toMatchObject({ id: official.id, status: 'revoked', chain: null });
    const doc = await upload(service, clerk.headers, pdf);
    const refused = await post(clerk.headers, { documentId: doc.documentId, sealId: official.id, placement: { kind: 'position', page: 1, x: 100, y: 100 }, pin: USER_PIN }, 'revoked-0001');
    expect([refused.statusCode, refused.json().code]).toEqual([410, 'SEAL_REVOKED']);
    const listed = (await service.app.inject({ method: 'GET', url: '/api/stamps', headers: clerk.headers })).json() as Array<{ id: string; status: string; error: { code: string } | null }>;
    const failed = listed.find((j) => j.status === 'failed' && j.error?.code === 'SEAL_REVOKED');
    expect(failed).toBeDefined();
    expect(existsSync(join(stampsOut(), `${failed!.id}.pdf`))).toBe(false);
    expect((await service.app.inject({ method: 'GET', url: `/api/stamps/${failed!.id}/pdf`, headers: clerk.headers })).json().code).toBe('STAMP_NOT_FOUND');
    expect((await service.app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
  });
});

describe('GET /api/stamps', () => {
  it('today’s stamps of the caller’s subtree with their anchor status; another city sees none of them', async () => {
    const districtAuditor = await service.signIn('auditor', service.organisations.district);
    const today = (await service.app.inject({ method: 'GET', url: '/api/stamps', headers: districtAuditor.headers })).json() as Array<{ status: string; anchor: unknown; operatorId: string }>;
    const done = today.filter((j) => j.status === 'done');
    expect(done.length).toBeGreaterThanOrEqual(2);
    for (const job of done) expect(job.anchor).toEqual({ status: 'pending' });
    expect(new Set(done.map((j) => j.operatorId))).toEqual(new Set([clerk.operatorId, colleague.operatorId]));
    const outsider = await service.signIn('auditor', service.organisations.other);
    expect((await service.app.inject({ method: 'GET', url: '/api/stamps', headers: outsider.headers })).json()).toEqual([]);
    const someId = done[0] as unknown as { id: string };
    expect((await service.app.inject({ method: 'GET', url: `/api/stamps/${someId.id}`, headers: outsider.headers })).statusCode).toBe(403);
    expect((await service.app.inject({ method: 'GET', url: '/api/stamps?day=2001-01-01', headers: districtAuditor.headers })).json()).toEqual([]);
  });
});
