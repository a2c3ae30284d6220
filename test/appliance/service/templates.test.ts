import { existsSync, readdirSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { adminTemplatesDir, BUILT_IN_TEMPLATES_DIR } from '../../../appliance/templates/index.js';
import { startTestService } from '../../helpers/service.js';

const service = await startTestService();
type Headers = { authorization: string };
let admin: Headers;
let auditor: Headers;
let clerk: Headers;
let kiosk: Headers;
let residence: Record<string, unknown>;

const BUILT_IN = ['business-licence-copy', 'no-criminal-record', 'residence-certificate'];
const adminDir = () => adminTemplatesDir(service.context.home);
const adminFiles = () => (existsSync(adminDir()) ? readdirSync(adminDir()).sort() : []);
const get = (url: string, headers?: Headers) => service.app.inject({ method: 'GET', url, ...(headers ? { headers } : {}) });
const post = (headers: Headers, payload: unknown) => service.app.inject({ method: 'POST', url: '/api/templates', payload: JSON.stringify(payload), headers: { ...headers, 'content-type': 'application/json' } });
const remove = (headers: Headers, id: string) => service.app.inject({ method: 'DELETE', url: `/api/templates/${id}`, headers });
const lastAudit = (action: 'template.add' | 'template.remove') => service.context.audit.list({ action }).at(-1);

interface Listed {
  templates: Array<{ id: string; source: string; overridesBuiltIn: boolean; title: { zh: string } }>;
  problems?: Array<{ path: string; code: string; message_zh: string; message_en: string; details: Record<string, unknown> }>;
}
const list = async (headers: Headers) => (await get('/api/templates', headers)).json<Listed>();

beforeAll(async () => {
  [admin, auditor, clerk, kiosk] = (await Promise.all((['admin', 'auditor', 'clerk', 'kiosk'] as const).map((role) => service.signIn(role)))).map((s) => s.headers) as [Headers, Headers, Headers, Headers];
  residence = JSON.parse(await readFile(join(BUILT_IN_TEMPLATES_DIR, 'residence-certificate.json'), 'utf8')) as Record<string, unknown>;
});

describe('GET /api/templates', () => {
  it('every role sees the built-in templates with what a kiosk asks for; nobody signed in is 401', async () => {
    for (const headers of [admin, auditor, clerk, kiosk]) expect((await list(headers)).templates.map((t) => t.id)).toEqual(BUILT_IN);
    const one = await get('/api/templates/residence-certificate', kiosk);
    expect(one.statusCode).toBe(200);
    expect(one.json()).toMatchObject({
      id: 'residence-certificate',
      version: 1,
      title: { zh: '居住证明', en: 'Residence certificate' },
      description: { zh: expect.any(String), en: expect.any(String) },
      seal: { type: 'official' },
      holder: { fields: ['name', 'sex', 'ethnicity', 'birthDate', 'address', 'idNumber'], idNumber: 'full' },
      format: 'pdf',
      source: 'built-in',
      overridesBuiltIn: false,
    });
    expect(one.json().fields).toEqual([
      { name: 'residenceAddress', label: { zh: '现居住地址', en: 'Current address' }, kind: 'text', filledBy: 'citizen', required: true, maxLength: 60 },
      { name: 'residenceSince', label: { zh: '居住起始日期', en: 'Living there since' }, kind: 'date', filledBy: 'citizen', required: true },
      { name: 'purpose', label: { zh: '证明用途', en: 'Purpose' }, kind: 'choice', filledBy: 'citizen', required: true, options: ['子女入学', '办理居住证', '社会保险', '其他事项'] },
    ]);
    expect(one.json()).not.toHaveProperty('layout');
    expect((await get('/api/templates')).statusCode).toBe(401);
    expect((await get('/api/templates/residence-certificate')).statusCode).toBe(401);
  });

  it('an unknown id is TEMPLATE_NOT_FOUND; an id that could name a path is refused before any file is read', async () => {
    const unknown = await get('/api/templates/marriage-certificate', kiosk);
    expect([unknown.statusCode, unknown.json().code]).toEqual([404, 'TEMPLATE_NOT_FOUND']);
    for (const id of ['..%2F..%2Fetc%2Fpasswd', 'Residence', '-x']) {
      const bad = await get(`/api/templates/${id}`, kiosk);
      expect([bad.statusCode, bad.json().code], id).toEqual([400, 'REQUEST_INVALID']);
    }
  });

  it('a broken file in the administrator’s folder: admins and auditors see the problem, kiosks and clerks only the valid templates', async () => {
    await mkdir(adminDir(), { recursive: true });
    await writeFile(join(adminDir(), 'broken.json'), JSON.stringify({ ...residence, id: 'broken', layout: { page: 'A4', blocks: [{ kind: 'text', text: 'x', x: 10, y: -5 }] } }));
    try {
      for (const headers of [admin, auditor]) {
        const seen = await list(headers);
        expect(seen.templates.map((t) => t.id)).toEqual(BUILT_IN);
        expect(seen.problems).toEqual([
          { path: join(adminDir(), 'broken.json'), code: 'TEMPLATE_INVALID', message_zh: expect.stringContaining('broken'), message_en: expect.stringContaining('/layout/blocks/0/y'), details: expect.objectContaining({ template: 'broken', path: '/layout/blocks/0/y' }) },
        ]);
      }
      for (const headers of [clerk, kiosk]) {
        const seen = await list(headers);
        expect(seen.templates.map((t) => t.id)).toEqual(BUILT_IN);
        expect(seen).not.toHaveProperty('problems');
      }
      const asAdmin = await get('/api/templates/broken', admin);
      expect([asAdmin.statusCode, asAdmin.json().code, asAdmin.json().details.path]).toEqual([422, 'TEMPLATE_INVALID', '/layout/blocks/0/y']);
      const asKiosk = await get('/api/templates/broken', kiosk);
      expect([asKiosk.statusCode, asKiosk.json().code]).toEqual([404, 'TEMPLATE_NOT_FOUND']);
    } finally {
      // the administrator removes a broken file like any other of theirs
      const removed = await remove(admin, 'broken');
      expect(removed.statusCode, removed.body).toBe(200);
    }
    expect((await list(admin)).problems).toEqual([]);
  });
});

describe('POST /api/templates', () => {
  const parking = () => ({ ...residence, id: 'parking-permit', title: { zh: '停车证明', en: 'Parking certificate' }, description: undefined, seal: { type: 'business' } });

  it('an administrator adds a template: stored, offered to kiosks, audited; adding it again replaces it', async () => {
    const added = await post(admin, parking());
    expect(added.statusCode, added.body).toBe(201);
    expect(added.json()).toMatchObject({ id: 'parking-permit', title: { zh: '停车证明' }, description: null, seal: { type: 'business' }, source: 'admin', overridesBuiltIn: false, replaced: false });
    expect(adminFiles()).toEqual(['parking-permit.json']);
    expect((await list(kiosk)).templates.map((t) => t.id)).toEqual(['business-licence-copy', 'no-criminal-record', 'parking-permit', 'residence-certificate']);
    expect((await get('/api/templates/parking-permit', clerk)).json()).toMatchObject({ id: 'parking-permit', source: 'admin' });
    expect(lastAudit('template.add')).toMatchObject({ outcome: 'ok', target: 'parking-permit', details: { replaced: false, overridesBuiltIn: false } });

    const again = await post(admin, { ...parking(), title: { zh: '临时停车证明', en: 'Temporary parking certificate' } });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ title: { zh: '临时停车证明' }, replaced: true });
    expect((await get('/api/templates/parking-permit', kiosk)).json().title.zh).toBe('临时停车证明');
  });

  it('a template with a built-in’s id replaces it for every kiosk', async () => {
    const added = await post(admin, { ...residence, title: { zh: '居住证明（新版）', en: 'Residence certificate (new)' } });
    expect(added.statusCode, added.body).toBe(201);
    expect(added.json()).toMatchObject({ id: 'residence-certificate', source: 'admin', overridesBuiltIn: true, replaced: false });
    const listed = (await list(kiosk)).templates.find((t) => t.id === 'residence-certificate');
    expect(listed).toMatchObject({ source: 'admin', overridesBuiltIn: true, title: { zh: '居住证明（新版）' } });
  });

  it('a bad descriptor is a typed 4xx naming what is wrong, audited as failed; nothing is written', async () => {
    const before = adminFiles();
    const cases: Array<[unknown, number, string, string?]> = [
      [{ ...parking(), id: 'bad-block', layout: { page: 'A4', blocks: [{ kind: 'title', y: 700 }, { kind: 'circle', x: 1, y: 1 }] } }, 422, 'TEMPLATE_INVALID', '/layout/blocks/1/kind'],
      [{ ...parking(), id: 'no-layout', layout: undefined }, 422, 'TEMPLATE_INVALID', '/layout'],
      [{ ...parking(), id: 'Bad Id' }, 422, 'TEMPLATE_INVALID', '/id'],
      [{ ...parking(), id: 'extra-key', colour: 'red' }, 422, 'TEMPLATE_INVALID'],
      [[parking()], 400, 'REQUEST_INVALID'],
    ];
    for (const [body, status, code, path] of cases) {
      const response = await post(admin, body);
      expect([response.statusCode, response.json().code], JSON.stringify(body).slice(0, 60)).toEqual([status, code]);
      if (path) expect(response.json().details.path).toBe(path);
    }
    const malformed = await service.app.inject({ method: 'POST', url: '/api/templates', payload: '{"id": "x", ', headers: { ...admin, 'content-type': 'application/json' } });
    expect([malformed.statusCode, malformed.json().code]).toEqual([400, 'JSON_MALFORMED']);
    expect(adminFiles()).toEqual(before);
    expect(lastAudit('template.add')).toMatchObject({ outcome: 'failed', errorCode: 'TEMPLATE_INVALID', target: 'extra-key' });
  });
});

describe('DELETE /api/templates/:id', () => {
  it('removes an administrator’s template (audited); removing one that replaced a built-in brings the built-in back', async () => {
    const removed = await remove(admin, 'parking-permit');
    expect([removed.statusCode, removed.json()]).toEqual([200, { id: 'parking-permit', builtInRestored: false }]);
    expect((await get('/api/templates/parking-permit', kiosk)).json().code).toBe('TEMPLATE_NOT_FOUND');
    expect(lastAudit('template.remove')).toMatchObject({ outcome: 'ok', target: 'parking-permit', details: { builtInRestored: false } });

    const restored = await remove(admin, 'residence-certificate');
    expect(restored.json()).toEqual({ id: 'residence-certificate', builtInRestored: true });
    expect((await get('/api/templates/residence-certificate', kiosk)).json()).toMatchObject({ source: 'built-in', title: { zh: '居住证明' } });
    expect(adminFiles()).toEqual([]);
  });

  it('a built-in cannot be removed (TEMPLATE_BUILT_IN), an unknown one is TEMPLATE_NOT_FOUND; both audited as failed', async () => {
    const builtIn = await remove(admin, 'no-criminal-record');
    expect([builtIn.statusCode, builtIn.json().code]).toEqual([409, 'TEMPLATE_BUILT_IN']);
    expect(existsSync(join(BUILT_IN_TEMPLATES_DIR, 'no-criminal-record.json'))).toBe(true);
    expect(lastAudit('template.remove')).toMatchObject({ outcome: 'failed', errorCode: 'TEMPLATE_BUILT_IN', target: 'no-criminal-record' });
    const unknown = await remove(admin, 'parking-permit');
    expect([unknown.statusCode, unknown.json().code]).toEqual([404, 'TEMPLATE_NOT_FOUND']);
  });
});

describe('who may change templates', () => {
  it('clerks, kiosks and auditors are FORBIDDEN to add or remove; nobody signed in is 401; nothing changes', async () => {
    for (const headers of [clerk, kiosk, auditor]) {
      const added = await post(headers, { ...residence, id: 'sneaky' });
      expect([added.statusCode, added.json().code]).toEqual([403, 'FORBIDDEN']);
      const removed = await remove(headers, 'residence-certificate');
      expect([removed.statusCode, removed.json().code]).toEqual([403, 'FORBIDDEN']);
    }
    expect((await post({ authorization: 'Bearer nobody' }, { ...residence, id: 'sneaky' })).statusCode).toBe(401);
    expect((await service.app.inject({ method: 'DELETE', url: '/api/templates/residence-certificate' })).statusCode).toBe(401);
    expect(adminFiles()).toEqual([]);
    expect((await list(kiosk)).templates.map((t) => t.id)).toEqual(BUILT_IN);
  });
});
