import { describe, expect, it } from 'vitest';
import { startTestService, TEST_PASSWORD } from '../helpers/service.js';

// Issue 13, item 5: sign-in throttling raced by parallel guesses, and turned against the other
// accounts of an address. On the real service (real directory, scrypt, audit log) through HTTP.
const service = await startTestService();
const { app, context, organisations: o } = service;
const operators = context.directory.operators;

const target = await operators.create({ username: 'clerk-target', displayName: '窗口一号', role: 'clerk', organisationId: o.own.id, password: TEST_PASSWORD });
const bystander = await operators.create({ username: 'clerk-bystander', displayName: '窗口二号', role: 'clerk', organisationId: o.own.id, password: TEST_PASSWORD });
const kiosk = await operators.create({ username: 'kiosk-hall', displayName: '自助终端', role: 'kiosk', organisationId: o.own.id });

const signIn = (body: Record<string, string>, remoteAddress = '127.0.0.1') => app.inject({ method: 'POST', url: '/api/session', payload: body, remoteAddress });

describe('sign-in throttling (issue 13, item 5)', () => {
  it('counts a guess before its hash: of 12 parallel wrong passwords only 5 are tried, the rest are refused with Retry-After', async () => {
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => signIn({ username: 'clerk-target', password: `wrong guess ${i}` })));
    const tried = answers.filter((a) => a.statusCode === 401);
    const refused = answers.filter((a) => a.statusCode === 429);
    expect(tried.map((a) => a.json().code)).toEqual(Array(5).fill('SIGN_IN_FAILED'));
    expect(refused.map((a) => a.json().code)).toEqual(Array(7).fill('SIGN_IN_THROTTLED'));
    for (const a of refused) {
      const retryAfter = Number(a.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(30);
      expect(a.json().details.retryAfter).toBe(retryAfter);
    }
    // the right password is refused too while the lock lasts, without being tried
    const locked = await signIn({ username: 'clerk-target', password: TEST_PASSWORD });
    expect([locked.statusCode, locked.json().code]).toEqual([429, 'SIGN_IN_THROTTLED']);
    // each try and each refusal is in the audit log, the password in none
    const audited = context.audit.list({ action: 'session.sign-in-failed' }).filter((e) => e.target === target.operator.id);
    expect(audited.filter((e) => e.outcome === 'failed').length).toBe(5);
    expect(audited.filter((e) => e.outcome === 'denied').length).toBe(8);
    expect(JSON.stringify(audited)).not.toMatch(/wrong guess|Hall-test/);
  });

  it('locks no other account: after 20 failures from one address the other clerk and the kiosk still sign in there', async () => {
    for (let i = 0; i < 20; i++) {
      const answer = await signIn({ username: i < 10 ? 'clerk-target' : `guess-${i}`, password: 'wrong password!' });
      expect([401, 429]).toContain(answer.statusCode);
    }
    // …and kiosk credentials guessed from the same address
    for (let i = 0; i < 20; i++) expect((await signIn({ terminal: 'kiosk-hall', credential: `sdk_guess${i}` })).statusCode).toBe(401);
    const affected: string[] = [];
    const clerk = await signIn({ username: 'clerk-bystander', password: TEST_PASSWORD });
    if (clerk.statusCode !== 201) affected.push(`clerk-bystander ${clerk.statusCode}`);
    const terminal = await signIn({ terminal: 'kiosk-hall', credential: kiosk.terminalCredential! });
    if (terminal.statusCode !== 201) affected.push(`kiosk-hall ${terminal.statusCode}`);
    expect(affected).toEqual([]);
    expect(clerk.json().operatorId).toBe(bystander.operator.id);
    expect(terminal.json().role).toBe('kiosk');
    // the target itself is locked at this address only: from its own counter's address it signs in
    const elsewhere = await signIn({ username: 'clerk-target', password: TEST_PASSWORD }, '10.0.0.3');
    expect([elsewhere.statusCode, elsewhere.json().operatorId]).toEqual([201, target.operator.id]);
  });
});
