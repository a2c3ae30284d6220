import type { LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import { operatorPinLimit } from '../../appliance/directory/operator-pin-tries.js';
import { startTestService } from '../helpers/service.js';
import { USER_PIN } from '../helpers/softhsm.js';
import { expectNoPinLeak } from './no-pin-leak.js';

/**
 * Issue 13, item 1: any clerk or admin could lock the hall's token. A wrong PIN to
 * POST /api/tokens/:serial/login logged the open token out before the PIN was tried (every
 * clerk's next stamp failed LOGIN_REQUIRED), and the token's few tries were anyone's to spend.
 * The fixture allows 3 wrong PINs per token, so one operator may spend 2.
 */
const service = await startTestService();
const { own, sibling } = service.organisations;
const serial = service.token.serial;
const guard = service.fx.pkcs11.guard;
const WRONG = ['wrong-1111', 'wrong-2222', 'wrong-3333'];
const bodies: string[] = [];

async function login(headers: Record<string, string>, pin: string): Promise<LightMyRequestResponse> {
  const response = await service.app.inject({ method: 'POST', url: `/api/tokens/${serial}/login`, headers, payload: { pin } });
  bodies.push(response.body);
  return response;
}
const answer = (r: LightMyRequestResponse) => ({ status: r.statusCode, code: r.json<{ code?: string }>().code });

const counterClerk = await service.signIn('clerk', own, { grantSeals: [service.seals[1]!] });

describe('attack: locking the hall’s token from the login route', () => {
  it('the token opens for the clerk who stamps with it', async () => {
    expect((await login(counterClerk.headers, USER_PIN)).statusCode).toBe(200);
    expect(service.token.isLoggedIn).toBe(true);
  });

  it('a clerk granted no seal on the token, and an admin of another department, get FORBIDDEN: no PIN tried, the token stays open', async () => {
    const ungranted = await service.signIn('clerk', own);
    const siblingAdmin = await service.signIn('admin', sibling);
    for (const caller of [ungranted, siblingAdmin]) {
      for (const pin of WRONG) {
        const response = await login(caller.headers, pin);
        expect(answer(response)).toEqual({ status: 403, code: 'FORBIDDEN' });
        expect(response.json()).toMatchObject({ message_en: 'Your role or organisation may not do this.' });
      }
    }
    expect(service.token.isLoggedIn).toBe(true);
    expect(guard.failures(serial)).toBe(0);
  });

  it('a granted clerk’s wrong PINs leave the token open; after their own share they are PIN_OPERATOR_LOCKED and the token is not locked', async () => {
    const limit = operatorPinLimit(guard.maxTries);
    expect(limit).toBeLessThan(guard.maxTries);
    const attacker = await service.signIn('clerk', own, { grantSeals: [service.seals[1]!] });
    const seen = [];
    for (const pin of WRONG) seen.push(answer(await login(attacker.headers, pin)));
    expect(seen).toEqual([
      ...Array.from({ length: limit }, () => ({ status: 401, code: 'PIN_INCORRECT' })),
      ...Array.from({ length: WRONG.length - limit }, () => ({ status: 423, code: 'PIN_OPERATOR_LOCKED' })),
    ]);
    const locked = await login(attacker.headers, USER_PIN);
    expect(answer(locked)).toEqual({ status: 423, code: 'PIN_OPERATOR_LOCKED' });
    expect(locked.json()).toMatchObject({ message_zh: expect.stringContaining('输错口令次数过多') });
    // the token was open all along and its PIN is not locked: the counter clerk goes on
    expect(service.token.isLoggedIn).toBe(true);
    expect(guard.failures(serial)).toBe(limit);
    expect(answer(await login(counterClerk.headers, USER_PIN))).toEqual({ status: 200, code: undefined });
    expect(guard.failures(serial)).toBe(0);
    expect(service.context.audit.list({ action: 'token.pin-operator-locked' }).at(-1)).toMatchObject({ outcome: 'failed', errorCode: 'PIN_OPERATOR_LOCKED', actor: { id: attacker.operatorId }, target: serial });
  });

  it('12 wrong PINs sent at once by one operator: only their share is tried, the rest refused before any PIN is tried', async () => {
    const racer = await service.signIn('clerk', own, { grantSeals: [service.seals[1]!] });
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => login(racer.headers, `race-${1000 + i}`)));
    const codes = answers.map((r) => r.json<{ code: string }>().code);
    expect(codes.filter((c) => c === 'PIN_INCORRECT')).toHaveLength(operatorPinLimit(guard.maxTries));
    expect(codes.filter((c) => c === 'PIN_OPERATOR_LOCKED')).toHaveLength(12 - operatorPinLimit(guard.maxTries));
    expect(guard.failures(serial)).toBe(operatorPinLimit(guard.maxTries));
    expect(service.token.isLoggedIn).toBe(true);
    expect((await login(counterClerk.headers, USER_PIN)).statusCode).toBe(200);
  });

  it('an admin of the token’s own district changing its PIN with wrong old PINs: the token stays open, and their share runs out too', async () => {
    const admin = await service.signIn('admin', service.organisations.district);
    const changes = [];
    for (const pin of WRONG) {
      const response = await service.app.inject({ method: 'POST', url: `/api/tokens/${serial}/change-pin`, headers: admin.headers, payload: { pin, newPin: 'hijack-0000' } });
      bodies.push(response.body);
      changes.push(answer(response).code);
    }
    expect(changes).toEqual(['PIN_INCORRECT', 'PIN_INCORRECT', 'PIN_OPERATOR_LOCKED']);
    expect(service.token.isLoggedIn).toBe(true);
    expect((await login(counterClerk.headers, USER_PIN)).statusCode).toBe(200);
  });

  it('no PIN, right or wrong, is in a response, the audit log or any file under SEALDESK_HOME', async () => {
    await expectNoPinLeak(service, [USER_PIN, ...WRONG, 'race-1000', 'race-1011', 'hijack-0000'], bodies);
  });
});
