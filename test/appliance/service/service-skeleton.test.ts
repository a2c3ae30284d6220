import { Type } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import { buildService } from '../../../appliance/service/build-service.js';
import { checkListenAddress } from '../../../appliance/service/listen-address.js';
import { loggedUrl } from '../../../appliance/service/log-options.js';
import type { ServicePlugin } from '../../../appliance/service/service-plugin.js';
import { SERVICE_PLUGINS } from '../../../appliance/service/plugins/index.js';
import { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import { startTestService, TEST_PASSWORD } from '../../helpers/service.js';

/** A route of the kind every plugin has: a clerk-only JSON body with a schema. */
const probe: ServicePlugin = () => async (app) => {
  app.post(
    '/api/probe',
    { schema: { body: Type.Object({ count: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }) }, config: { access: ['clerk'] } },
    async (request) => ({ doubled: request.body.count * 2, by: request.principal?.role }),
  );
};

const service = await startTestService({ plugins: [...SERVICE_PLUGINS, probe] });

describe('service skeleton', () => {
  it('/health reports the token, the outbox and the chain separately', async () => {
    const response = await service.app.inject({ method: 'GET', url: '/health' });
    expect(response.json()).toEqual({ status: 'ok', token: 'ok', devices: 'ok', chain: 'ok', outbox: 'ok', database: 'ok' });
    expect(response.statusCode).toBe(200);
    const auditor = await service.signIn('auditor');
    const details = (await service.app.inject({ method: 'GET', url: '/health', headers: auditor.headers })).json().details;
    // a counter token waits for its clerk's PIN: logged out, and that is no fault
    expect(details.tokens).toEqual([{ label: 'sealdesk-demo', serial: service.token.serial, state: 'logged-out', unattended: false }]);
    expect(details.outbox).toMatchObject({ ok: true, waiting: 0 });
    expect(details.chain).toEqual({ ok: true, detail: 'no chain configured' });
  });

  it('admits a route only to its roles: nobody → UNAUTHENTICATED, an auditor → FORBIDDEN, a clerk → served', async () => {
    const payload = { count: 21 };
    const anonymous = await service.app.inject({ method: 'POST', url: '/api/probe', payload });
    expect([anonymous.statusCode, anonymous.json().code]).toEqual([401, 'UNAUTHENTICATED']);
    const auditor = await service.signIn('auditor');
    const refused = await service.app.inject({ method: 'POST', url: '/api/probe', payload, headers: auditor.headers });
    expect([refused.statusCode, refused.json().code]).toEqual([403, 'FORBIDDEN']);
    expect(refused.json().message_zh).toContain('无权');
    const clerk = await service.signIn('clerk');
    const served = await service.app.inject({ method: 'POST', url: '/api/probe', payload, headers: clerk.headers });
    expect(served.json()).toEqual({ doubled: 42, by: 'clerk' });
  });

  it('a browser signs in once and is then known by its session cookie alone', async () => {
    const clerk = await service.signIn('clerk');
    const signedIn = await service.app.inject({ method: 'POST', url: '/api/session', payload: { username: clerk.username, password: TEST_PASSWORD } });
    expect(signedIn.statusCode, signedIn.body).toBe(201);
    const cookie = signedIn.cookies.find((c) => c.name === 'sealdesk_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    const served = await service.app.inject({ method: 'POST', url: '/api/probe', payload: { count: 2 }, cookies: { sealdesk_session: cookie!.value } });
    expect(served.json()).toEqual({ doubled: 4, by: 'clerk' });
  });

  it('turns bad requests into typed 4xx errors and keeps serving', async () => {
    const { headers } = await service.signIn('clerk');
    const cases = [
      { payload: '{"count": 2', type: 'application/json', status: 400, code: 'JSON_MALFORMED' },
      { payload: JSON.stringify({ count: 0 }), type: 'application/json', status: 400, code: 'REQUEST_INVALID' },
      { payload: JSON.stringify({ count: 1, extra: true }), type: 'application/json', status: 400, code: 'REQUEST_INVALID' },
      { payload: 'count=2', type: 'text/plain', status: 415, code: 'MEDIA_TYPE_UNSUPPORTED' },
      { payload: JSON.stringify({ count: 1, pad: 'x'.repeat(1_100_000) }), type: 'application/json', status: 413, code: 'PAYLOAD_TOO_LARGE' },
    ];
    for (const c of cases) {
      const response = await service.app.inject({ method: 'POST', url: '/api/probe', payload: c.payload, headers: { ...headers, 'content-type': c.type } });
      expect([response.statusCode, response.json().code], c.code).toEqual([c.status, c.code]);
      expect(response.json().message_en.length).toBeGreaterThan(5);
    }
    const missing = await service.app.inject({ method: 'GET', url: '/api/nothing-here?x=1' });
    expect(missing.json()).toMatchObject({ code: 'ROUTE_NOT_FOUND', details: { method: 'GET', url: '/api/nothing-here' } });
    const after = await service.app.inject({ method: 'POST', url: '/api/probe', payload: { count: 1 }, headers });
    expect(after.statusCode).toBe(200);
  });

  it('counts errors by code on /metrics', async () => {
    await service.app.inject({ method: 'POST', url: '/api/probe', payload: { count: 1 } });
    const metrics = await service.app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toMatch(/sealdesk_errors_total\{code="UNAUTHENTICATED"\} [1-9]/);
    expect(metrics.body).toContain('sealdesk_outbox_depth 0');
  });

  it('documents every API route at /docs from the same schemas', async () => {
    const openapi = (await service.app.inject({ method: 'GET', url: '/docs/json' })).json();
    expect(openapi.paths['/api/probe'].post.requestBody.content['application/json'].schema.required).toEqual(['count']);
    expect(Object.keys(openapi.paths)).toContain('/health');
  });

  it('refuses a /api route that declares no access rule', async () => {
    const careless: ServicePlugin = () => async (app) => {
      app.get('/api/careless', async () => ({}));
    };
    await expect(buildService(service.context, [careless])).rejects.toThrow(/no config.access/);
  });

  it('listens without TLS only on loopback', () => {
    expect(() => checkListenAddress({ host: '127.0.0.1' })).not.toThrow();
    expect(() => checkListenAddress({ host: '::1' })).not.toThrow();
    for (const host of ['0.0.0.0', '192.168.1.20']) expect(() => checkListenAddress({ host })).toThrow(new SealdeskError('TLS_REQUIRED', { host }));
    expect(() => checkListenAddress({ host: '192.168.1.20', tls: { cert: 'c.pem', key: 'k.pem' } })).not.toThrow();
  });

  it('keeps licence codes and query strings out of logged URLs', () => {
    expect(loggedUrl('/api/licences/SDL1.abc.secretkey')).toBe('/api/licences/[redacted]');
    expect(loggedUrl('/api/verify/code/SDL1.x.y?lang=en')).toBe('/api/verify/code/[redacted]?…');
    expect(loggedUrl('/api/seals')).toBe('/api/seals');
  });
});
