/**
 * Issue 13, items 1 and 2: a PIN typed for one token is never tried on another. A clerk issuing a
 * licence types the PIN of the seal's token; before, that PIN was also tried on the terminal's
 * token (chain key, licence wrapping key): refused there when that token's PIN differs, and a
 * wrong PIN spent that token's retry budget. Here the hall is laid out as a real one would be: the
 * seals on one token, the terminal's keys on a second token with a PIN of its own.
 */
import { createHash } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { startTestService } from '../helpers/service.js';
import { USER_PIN } from '../helpers/softhsm.js';
import { configureServiceChain } from '../appliance/service/helpers/service-chain.js';

const TERMINAL_PIN = '13579135';
const service = await startTestService({ extraTokens: ['hall-terminal'] });
const [, business] = service.seals as [(typeof service.seals)[0], (typeof service.seals)[0]];
const sealToken = service.token;
const terminal = service.fx.pkcs11.token({ label: 'hall-terminal' });
const guard = service.fx.pkcs11.guard;
let clerk: Awaited<ReturnType<typeof service.signIn>>;

const documentHash = createHash('sha256').update('stamped residence certificate').digest('hex');
const issue = (): Promise<LightMyRequestResponse> =>
  service.app.inject({
    method: 'POST',
    url: '/api/licences',
    headers: clerk.headers,
    payload: { type: '居住证明', holder: { name: '张三丰', idNumber: '11010519491231002X' }, fields: { 住址: '浙江省杭州市西湖区文三路 90 号' }, sealId: business.id, documentHash, pin: USER_PIN },
  });
const issuedEvents = () => (service.context.events.outbox.db.prepare("SELECT count(*) AS n FROM events WHERE kind = 'licence-issued'").get() as { n: number }).n;
/** What the terminal token's retry budget shows: the guard's failures, the token's own low-count flag, the clerk's share. */
const terminalTries = () => ({
  failures: guard.failures(terminal.serial),
  countLow: terminal.info().flags.userPinCountLow,
  clerkFailures: service.context.directory.pinTries.failures(clerk.operatorId, terminal.serial),
});
const UNTOUCHED = { failures: 0, countLow: false, clerkFailures: 0 };
const terminalAudits = () => service.context.audit.list().filter((e) => e.target === terminal.serial);

beforeAll(async () => {
  // the terminal's token has its own PIN, opened at start by whoever runs the terminal (not a clerk)
  await terminal.changePin(USER_PIN, TERMINAL_PIN);
  await terminal.login(TERMINAL_PIN);
  const chain = await configureServiceChain(service, { chainToken: terminal });
  clerk = await service.signIn('clerk', service.organisations.own, { grantSeals: [business] });
  return () => chain.close();
}, 120_000);

describe('a clerk’s licence PIN is the seal token’s only', () => {
  it('with the terminal’s token open, the seal token’s PIN issues the licence (201); the terminal token’s tries are untouched', async () => {
    expect([sealToken.isLoggedIn, terminal.isLoggedIn]).toEqual([false, true]);
    const response = await issue();
    expect(response.statusCode, response.body).toBe(201);
    expect(issuedEvents()).toBe(1);
    // the clerk's PIN opened the seal's token, and nothing was tried on the terminal's
    expect(sealToken.isLoggedIn).toBe(true);
    expect(terminalTries()).toEqual(UNTOUCHED);
    expect(terminalAudits()).toEqual([]);
  });

  it('with the terminal’s token closed, issuing is LICENCE_KEY_UNAVAILABLE (503): the clerk’s PIN is not tried on it, nothing is issued', async () => {
    await terminal.logout();
    const response = await issue();
    expect([response.statusCode, response.json().code], response.body).toEqual([503, 'LICENCE_KEY_UNAVAILABLE']);
    expect(response.body).not.toContain(USER_PIN);
    expect(terminal.isLoggedIn).toBe(false);
    expect(terminalTries()).toEqual(UNTOUCHED);
    // no refused PIN and no login audited against the terminal's token
    expect(terminalAudits()).toEqual([]);
    expect(issuedEvents()).toBe(1);
    expect(service.context.audit.list({ action: 'licence.issue' }).at(-1)).toMatchObject({ outcome: 'failed', errorCode: 'LICENCE_KEY_UNAVAILABLE', actor: { id: clerk.operatorId } });
  });
});
