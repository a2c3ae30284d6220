/**
 * /health says each token's real state — ok (open), logged-out, locked, absent — where it used to
 * say ok for any token present. A kiosk's or the chain key's token (unattended) logged out, any
 * token locked or absent, makes the token part degraded; a counter token waiting for its clerk
 * does not. The status code is 503 only when nothing can stamp: here the one token is the
 * kiosk's, so each of these is 503 (a chain outage alone is 200: test/security/health-disclosure).
 */
import { describe, expect, it } from 'vitest';
import { startTestService } from '../../helpers/service.js';
import { USER_PIN } from '../../helpers/softhsm.js';

const service = await startTestService({ parts: { unattendedTokens: ['sealdesk-demo'] } });
const auditor = await service.signIn('auditor');

async function health(): Promise<{ status: number; token: string; state: string; unattended: boolean }> {
  const response = await service.app.inject({ method: 'GET', url: '/health', headers: auditor.headers });
  const body = response.json();
  const [token] = body.details.tokens as Array<{ state: string; unattended: boolean }>;
  return { status: response.statusCode, token: body.token, state: token!.state, unattended: token!.unattended };
}

describe('/health: each token as it really is', () => {
  it('an unattended token logged out is degraded; opened it is ok', async () => {
    expect(await health()).toEqual({ status: 503, token: 'degraded', state: 'logged-out', unattended: true });
    await service.token.login(USER_PIN);
    expect(await health()).toEqual({ status: 200, token: 'ok', state: 'ok', unattended: true });
  });

  it('a token whose PIN was locked by wrong PINs is locked, and degraded', async () => {
    await service.token.logout();
    for (let i = 0; i < service.fx.pkcs11.guard.maxTries; i++) await expect(service.token.login('000000')).rejects.toMatchObject({ code: expect.stringMatching(/^PIN_(INCORRECT|LOCKED)$/) });
    expect(await health()).toMatchObject({ status: 503, token: 'degraded', state: 'locked' });
  });

  it('a token pulled out is absent (its seals still name it), and degraded', async () => {
    await service.fx.hsm.pull('sealdesk-demo');
    try {
      expect(await health()).toMatchObject({ status: 503, token: 'degraded', state: 'absent' });
    } finally {
      await service.fx.hsm.plug('sealdesk-demo');
    }
  });

  // last: the service's database is closed for good
  it('with the directory database gone nothing can be authorised or audited: 503, the database part degraded', async () => {
    service.context.directory.db.close();
    const response = await service.app.inject({ method: 'GET', url: '/health' });
    expect([response.statusCode, response.json()]).toEqual([503, expect.objectContaining({ status: 'degraded', database: 'degraded' })]);
  });
});
