/**
 * Issue 13, item 8: a kiosk credential (an unattended terminal in the public hall) sees only the
 * documents of its current citizen visit and stamps only its templates. Each attack below worked
 * before: the kiosk listed and downloaded a clerk's stamped documents, uploaded any PDF and
 * stamped it with its seal, and issued a licence for any ID number it was sent.
 */
import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { sampleCitizen, startIdCardReader } from '../../simulator/idcard/index.js';
import { afterFile } from '../helpers/after-file.js';
import { startTestService } from '../helpers/service.js';
import { USER_PIN } from '../helpers/softhsm.js';
import { tempDir } from '../helpers/temp-dir.js';
import { pdfLibDocument } from '../appliance/pdf/make-pdf.js';
import { multipart, upload } from '../appliance/service/helpers/multipart.js';

const citizen = sampleCitizen({ name: '王小明', address: '浙江省杭州市西湖区文三路90号' });
const idcard = await startIdCardReader({ identity: citizen });
afterFile(() => idcard.close());
const service = await startTestService({ parts: { devices: { idcard: idcard.hostPath } } });
const [official, business] = service.seals as [(typeof service.seals)[0], (typeof service.seals)[0]];
type Headers = Record<string, string>;
let clerk: { operatorId: string; headers: Headers };
let kiosk: { operatorId: string; headers: Headers };
let pdf: Buffer;
let clerkStamp: { id: string; documentId: string };
const FIELDS = { residenceAddress: '浙江省杭州市西湖区文三路90号3幢201室', residenceSince: '2020-09-01', purpose: '子女入学' };

const call = (method: 'GET' | 'POST' | 'DELETE', url: string, headers: Headers, payload?: object) => service.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
const refusal = (response: { statusCode: number; json(): { code?: string } }) => [response.statusCode, response.json().code];

/** A citizen's visit at the kiosk: the card read, one certificate made (not printed: no printer here). */
async function visit(key: string): Promise<{ id: string; documentId: string }> {
  expect((await call('POST', '/api/devices/idcard/read', kiosk.headers, {})).statusCode).toBe(200);
  const issued = await call('POST', '/api/kiosk/certificates', { ...kiosk.headers, 'idempotency-key': key }, { templateId: 'residence-certificate', fields: FIELDS, print: false });
  expect(issued.statusCode, issued.body).toBe(201);
  return issued.json<{ stamp: { id: string; documentId: string } }>().stamp;
}

beforeAll(async () => {
  pdf = await readFile(await pdfLibDocument(await tempDir('kiosk-scope'), 'in.pdf', 1));
  await service.token.login(USER_PIN);
  clerk = await service.signIn('clerk', service.organisations.own, { grantSeals: [business] });
  // the kiosk holds both of the department's seals: its grant is not what stops it below
  kiosk = await service.signIn('kiosk', service.organisations.own, { grantSeals: [official, business] });
  const doc = await upload(service, clerk.headers, pdf, '营业执照申请.pdf');
  const stamped = await call('POST', '/api/stamps', clerk.headers, { documentId: doc.documentId, sealId: business.id, placement: { kind: 'position', page: 1, x: 100, y: 100 }, pin: USER_PIN });
  expect(stamped.statusCode, stamped.body).toBe(201);
  clerkStamp = { id: stamped.json<{ id: string }>().id, documentId: doc.documentId };
});

describe('a kiosk credential reads only its current citizen visit', () => {
  it('a clerk’s stamped document: not in the kiosk’s list, its record and its PDF FORBIDDEN, its upload FORBIDDEN', async () => {
    const list = await call('GET', '/api/stamps', kiosk.headers);
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(clerkStamp.id);
    expect(refusal(await call('GET', `/api/stamps/${clerkStamp.id}`, kiosk.headers))).toEqual([403, 'FORBIDDEN']);
    const download = await call('GET', `/api/stamps/${clerkStamp.id}/pdf`, kiosk.headers);
    expect(refusal(download)).toEqual([403, 'FORBIDDEN']);
    expect(download.rawPayload.subarray(0, 5).toString()).not.toBe('%PDF-');
    expect(refusal(await call('GET', `/api/documents/${clerkStamp.documentId}/pdf`, kiosk.headers))).toEqual([403, 'FORBIDDEN']);
    expect(refusal(await call('POST', `/api/stamps/${clerkStamp.id}/print`, kiosk.headers, { document: false, receipt: false }))).toEqual([403, 'FORBIDDEN']);
    // the clerk who made it still sees it: the scope is the kiosk's, not a lost stamp
    expect((await call('GET', `/api/stamps/${clerkStamp.id}`, clerk.headers)).statusCode).toBe(200);
  });

  it('its own certificate while the visit lasts; after the next card (or the idle reset) the last citizen’s is gone from it', async () => {
    const first = await visit('kiosk-scope-0001');
    expect((await call('GET', `/api/stamps/${first.id}`, kiosk.headers)).statusCode).toBe(200);
    const download = await call('GET', `/api/stamps/${first.id}/pdf`, kiosk.headers);
    expect([download.statusCode, download.rawPayload.subarray(0, 5).toString()]).toEqual([200, '%PDF-']);
    expect((await call('GET', '/api/stamps', kiosk.headers)).json<Array<{ id: string }>>().map((s) => s.id)).toEqual([first.id]);

    // the next citizen taps their card: the first citizen's certificate is out of reach
    const second = await visit('kiosk-scope-0002');
    expect((await call('GET', '/api/stamps', kiosk.headers)).json<Array<{ id: string }>>().map((s) => s.id)).toEqual([second.id]);
    expect(refusal(await call('GET', `/api/stamps/${first.id}/pdf`, kiosk.headers))).toEqual([403, 'FORBIDDEN']);
    // nor does replaying the first visit's Idempotency-Key fetch it
    const replay = await call('POST', '/api/kiosk/certificates', { ...kiosk.headers, 'idempotency-key': 'kiosk-scope-0001' }, { templateId: 'residence-certificate', fields: FIELDS, print: false });
    expect(refusal(replay)).toEqual([403, 'FORBIDDEN']);
    expect(replay.body).not.toContain(first.id);

    // the idle reset ends the visit: nothing is left to see
    await call('DELETE', '/api/devices/idcard/card', kiosk.headers);
    expect((await call('GET', '/api/stamps', kiosk.headers)).json()).toEqual([]);
    expect(refusal(await call('GET', `/api/stamps/${second.id}`, kiosk.headers))).toEqual([403, 'FORBIDDEN']);
  });
});

describe('a kiosk credential stamps only its templates', () => {
  it('uploading a PDF, stamping a document, issuing a licence for a sent ID number: FORBIDDEN, nothing stamped or issued', async () => {
    const stampedBefore = service.context.events.outbox.db.prepare("SELECT count(*) AS n FROM events WHERE kind IN ('stamped', 'licence-issued')").get();
    const body = multipart('伪造.pdf', pdf);
    const uploaded = await service.app.inject({ method: 'POST', url: '/api/documents', payload: body.payload, headers: { ...kiosk.headers, ...body.headers } });
    expect(refusal(uploaded)).toEqual([403, 'FORBIDDEN']);
    const stamped = await call('POST', '/api/stamps', kiosk.headers, { documentId: clerkStamp.documentId, sealId: official.id, placement: { kind: 'position', page: 1, x: 100, y: 100 } });
    expect(refusal(stamped)).toEqual([403, 'FORBIDDEN']);
    const licence = await call('POST', '/api/licences', kiosk.headers, { type: '居住证明', holder: { name: citizen.name, idNumber: citizen.idNumber }, fields: {}, sealId: official.id, documentHash: 'ab'.repeat(32) });
    expect(refusal(licence)).toEqual([403, 'FORBIDDEN']);
    expect(service.context.events.outbox.db.prepare("SELECT count(*) AS n FROM events WHERE kind IN ('stamped', 'licence-issued')").get()).toEqual(stampedBefore);
    // no answer and no audit entry carries the citizen's number
    for (const response of [uploaded, stamped, licence]) expect(response.body).not.toContain(citizen.idNumber);
    expect(JSON.stringify(service.context.audit.list())).not.toContain(citizen.idNumber);
  });
});
