import { createHash, randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { uuid7 } from '../../../appliance/ledger/outbox/uuid7.js';
import { formatLicenceCode, parseLicenceCode } from '../../../appliance/licences/licence-code.js';
import { loggedUrl } from '../../../appliance/service/log-options.js';
import { USER_PIN } from '../../helpers/softhsm.js';
import { startTestService } from '../../helpers/service.js';
import { configureServiceChain, type ServiceChain } from './helpers/service-chain.js';

const service = await startTestService();
const [official, business] = service.seals as [(typeof service.seals)[0], (typeof service.seals)[0]];
type Headers = { authorization: string };
let clerk: Awaited<ReturnType<typeof service.signIn>>;
let kiosk: Awaited<ReturnType<typeof service.signIn>>;

const HOLDER = { name: '张三丰', idNumber: '11010519491231002X' };
const FIELDS = { 住址: '浙江省杭州市西湖区文三路 90 号', 居住起始: '2019-03-01' };
const documentHash = createHash('sha256').update('stamped residence certificate').digest('hex');
const request = (overrides: Record<string, unknown> = {}) => ({ type: '居住证明', holder: HOLDER, fields: FIELDS, sealId: business.id, documentHash, pin: USER_PIN, ...overrides });

const issue = (headers: Headers | Record<string, never>, body: unknown) => service.app.inject({ method: 'POST', url: '/api/licences', payload: body as object, headers });
const read = (code: string, headers: Headers | Record<string, never> = {}) => service.app.inject({ method: 'POST', url: '/api/licences/read', payload: { code }, headers });
const issuedEvents = () => (service.context.events.outbox.db.prepare("SELECT count(*) AS n FROM events WHERE kind = 'licence-issued'").get() as { n: number }).n;
const issueAudits = () => service.context.audit.list({ action: 'licence.issue' });

beforeAll(async () => {
  clerk = await service.signIn('clerk', service.organisations.own, { grantSeals: [business] });
  kiosk = await service.signIn('kiosk', service.organisations.own, { grantSeals: [business] });
});

describe('without a chain', () => {
  it('issuing and reading are the library’s typed USAGE error (licence records live on the chain); nothing is recorded', async () => {
    const issued = await issue(clerk.headers, request());
    expect([issued.statusCode, issued.json().code]).toEqual([400, 'USAGE']);
    expect(issued.json().message_en).toContain('chain');
    const shown = await read(formatLicenceCode({ licenceId: uuid7(), secret: randomBytes(32), version: 2 }));
    expect([shown.statusCode, shown.json().code]).toEqual([400, 'USAGE']);
    expect(issuedEvents()).toBe(0);
    expect(issueAudits().at(-1)).toMatchObject({ outcome: 'failed', errorCode: 'USAGE', actor: { id: clerk.operatorId } });
  });
});

describe('with a chain', () => {
  let chain: ServiceChain;
  let issued: { licenceId: string; code: string; eventId: string; chain: { txHash: string; blockNumber: number; registry: string } };

  beforeAll(async () => {
    chain = await configureServiceChain(service);
    return () => chain.close();
  }, 120_000);

  it('a clerk issues a licence with a granted seal: the code, the licence-issued event, the chain transaction; audited with ids only', async () => {
    const response = await issue(clerk.headers, request());
    expect(response.statusCode, response.body).toBe(201);
    expect(response.headers['cache-control']).toBe('no-store');
    issued = response.json();
    expect(issued.code).toMatch(/^SDL2\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/);
    expect(parseLicenceCode(issued.code).licenceId).toBe(issued.licenceId);
    expect(issued).toMatchObject({ eventId: issued.licenceId, chain: { txHash: expect.stringMatching(/^0x[0-9a-f]{64}$/), blockNumber: expect.any(Number), registry: chain.registry } });
    const receipt = await chain.chain.anvil.rpc<{ status: string; blockNumber: string }>('eth_getTransactionReceipt', [issued.chain.txHash]);
    expect([receipt.status, Number(receipt.blockNumber)]).toEqual(['0x1', issued.chain.blockNumber]);
    expect(service.context.events.outbox.event(issued.eventId)).toMatchObject({ kind: 'licence-issued', sealId: business.id, documentHash });

    expect(issueAudits().at(-1)).toMatchObject({ outcome: 'ok', actor: { id: clerk.operatorId }, target: business.id, details: { licenceId: issued.licenceId, eventId: issued.eventId, txHash: issued.chain.txHash } });
    const audit = JSON.stringify(service.context.audit.list());
    for (const secret of [HOLDER.name, HOLDER.idNumber, FIELDS.住址, issued.code, parseLicenceCode(issued.code).secret.toString('base64url')]) expect(audit).not.toContain(secret);
  });

  it('anyone with the code reads the record, verified against the chain; the holder’s number is masked and the code travels in the body', async () => {
    const response = await read(issued.code);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.json()).toEqual({
      licenceId: issued.licenceId,
      type: 'residence-certificate',
      typeName: '居住证明',
      typeNameEn: 'Residence certificate',
      holder: { name: HOLDER.name, idNumber: '1****************X' },
      fields: FIELDS,
      organisation: { name: service.organisations.own.name, uscc: service.organisations.own.uscc },
      seal: { id: business.id, name: business.name },
      documentHash,
      issuedAt: expect.any(String),
      event: { id: issued.eventId, signatureValid: true },
      chain: {
        registry: chain.registry,
        licenceId: expect.stringMatching(/^0x[0-9a-f]{64}$/),
        txHash: issued.chain.txHash,
        blockNumber: issued.chain.blockNumber,
        publishedAt: expect.any(String),
        terminal: expect.stringMatching(/^0x[0-9a-fA-F]{40}$/),
        sealStatusAtIssue: 'active',
        sealStatusNow: 'active',
      },
    });
    // a signed-in kiosk scanning the code gets the same
    expect((await read(issued.code, kiosk.headers)).json().licenceId).toBe(issued.licenceId);
    // the old GET with the code in its path is no route any more
    expect((await service.app.inject({ method: 'GET', url: `/api/licences/${encodeURIComponent(issued.code)}` })).statusCode).toBe(404);
    expect(loggedUrl(`/api/licences/${issued.code}`)).toBe('/api/licences/[redacted]');
  });

  it('a malformed code is 400, an unknown licence 404, another holder’s key 403; no answer echoes the code', async () => {
    const malformed = `${issued.code.slice(0, -1)}!`;
    const bad = await read(malformed);
    expect([bad.statusCode, bad.json().code]).toEqual([400, 'LICENCE_CODE_INVALID']);
    expect(bad.body).not.toContain(malformed.slice(5));
    const unknown = await read(formatLicenceCode({ licenceId: uuid7(), secret: randomBytes(32), version: 2 }));
    expect([unknown.statusCode, unknown.json().code]).toEqual([404, 'LICENCE_NOT_FOUND']);
    const otherKey = formatLicenceCode({ licenceId: issued.licenceId, secret: randomBytes(32), version: 2 });
    const mismatch = await read(otherKey);
    expect([mismatch.statusCode, mismatch.json().code]).toEqual([403, 'LICENCE_KEY_MISMATCH']);
    expect(mismatch.body).not.toContain(otherKey.split('.')[2]);
  });

  it('a kiosk is FORBIDDEN: it issues a licence only with its template’s certificate, for the card read in its visit', async () => {
    const before = issuedEvents();
    const response = await issue(kiosk.headers, request({ type: 'no-criminal-record', fields: { 用途: '出国留学' }, pin: undefined }));
    expect([response.statusCode, response.json().code]).toEqual([403, 'FORBIDDEN']);
    expect(issuedEvents()).toBe(before);
  });

  it('admins and auditors are FORBIDDEN, so is a seal not granted or of another organisation (audited as denied); nobody signed in is 401; nothing is issued', async () => {
    const before = issuedEvents();
    for (const role of ['admin', 'auditor'] as const) {
      const refused = await issue((await service.signIn(role)).headers, request());
      expect([refused.statusCode, refused.json().code], role).toEqual([403, 'FORBIDDEN']);
    }
    for (const sealId of [official.id, service.otherSeals[1]!.id]) {
      const refused = await issue(clerk.headers, request({ sealId }));
      expect([refused.statusCode, refused.json().code]).toEqual([403, 'FORBIDDEN']);
      expect(issueAudits().at(-1)).toMatchObject({ outcome: 'denied', errorCode: 'FORBIDDEN', target: sealId });
    }
    expect((await issue({}, request())).statusCode).toBe(401);
    expect(issuedEvents()).toBe(before);
  });

  it('a wrong ID number, type, hash or PIN is a typed 4xx; nothing is issued', async () => {
    const before = issuedEvents();
    const cases: Array<[Record<string, unknown>, number, string]> = [
      [{ holder: { ...HOLDER, idNumber: '110105194912310021' } }, 422, 'ID_NUMBER_INVALID'],
      [{ type: '结婚证' }, 400, 'INPUT_INVALID'],
      [{ documentHash: 'abc' }, 400, 'REQUEST_INVALID'],
      [{ fields: ['住址'] }, 400, 'REQUEST_INVALID'],
      [{ holder: { ...HOLDER, phone: '13800000000' } }, 400, 'REQUEST_INVALID'],
      [{ pin: 'wrong-pin-9' }, 401, 'PIN_INCORRECT'],
    ];
    for (const [overrides, status, code] of cases) {
      const response = await issue(clerk.headers, request(overrides));
      expect([response.statusCode, response.json().code], code).toEqual([status, code]);
      expect(response.body).not.toContain(HOLDER.name);
    }
    // a reason written for the clerk reads in Chinese in message_zh, in English in message_en
    const wrongType = (await issue(clerk.headers, request({ type: '结婚证' }))).json();
    expect(wrongType.message_zh).toMatch(/^输入无效：证照类型须为以下之一：business-licence（营业执照）、/);
    expect(wrongType.message_en).toMatch(/^The input is invalid: licence type must be one of business-licence \(营业执照\), /);
    expect(wrongType.details).toMatchObject({ reason: expect.stringContaining('licence type must be one of') });
    expect(issuedEvents()).toBe(before);
  });
});
