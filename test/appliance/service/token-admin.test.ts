import { describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { startTestService } from '../../helpers/service.js';

/**
 * Token administration from the admin API, on a real SoftHSM: the fixture's free slot is
 * initialised through the API, so the shared seal token 'sealdesk-demo' is never re-PINned.
 */
const service = await startTestService();
const admin = await service.signIn('admin');

const SO_PIN = 'so-4242-x';
const FIRST_PIN = 'user-5151-a';
const SECOND_PIN = 'user-6262-b';
const THIRD_PIN = 'user-7373-c';
const WRONG_PIN = 'wrong-8484';
const ALL_PINS = [SO_PIN, FIRST_PIN, SECOND_PIN, THIRD_PIN, WRONG_PIN];

const bodies: string[] = [];
async function call(method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>, headers = admin.headers): Promise<LightMyRequestResponse> {
  const response = await service.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  bodies.push(response.body);
  return response;
}

interface SlotBody {
  slotId: string;
  token: { label: string; serial: string; flags: { initialized: boolean; userPinInitialized: boolean; userPinLocked: boolean } } | null;
}
const slots = async () => (await call('GET', '/api/tokens')).json<SlotBody[]>();

let serial = '';

describe('token administration from the admin API', () => {
  it('initialises the free slot with a label, SO PIN and user PIN; the token is listed afterwards', async () => {
    const free = (await slots()).find((s) => s.token && !s.token.flags.initialized);
    expect(free, 'SoftHSM offers a free slot').toBeDefined();
    const response = await call('POST', `/api/tokens/slots/${free!.slotId}/init`, { label: 'admin-made', soPin: SO_PIN, pin: FIRST_PIN });
    expect(response.statusCode, response.body).toBe(201);
    serial = response.json<{ serial: string }>().serial;
    const listed = (await slots()).find((s) => s.token?.serial === serial);
    expect(listed?.token).toMatchObject({ label: 'admin-made', flags: { initialized: true, userPinInitialized: true } });
    // and SoftHSM offers the next free slot again (the module was rescanned)
    expect((await slots()).some((s) => s.token && !s.token.flags.initialized)).toBe(true);
    expect((await call('POST', `/api/tokens/${serial}/login`, { pin: FIRST_PIN })).statusCode).toBe(200);
    expect(service.context.audit.list({ action: 'token.init' }).at(-1)).toMatchObject({ outcome: 'ok', actor: { id: admin.operatorId }, details: { tokenSerial: serial } });
  });

  it('refuses a wrong SO PIN with PIN_INCORRECT, and sets the user PIN with the right one', async () => {
    const wrong = await call('POST', `/api/tokens/${serial}/init-pin`, { soPin: WRONG_PIN, newPin: SECOND_PIN });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toMatchObject({ code: 'PIN_INCORRECT' });
    expect(service.context.audit.list({ action: 'token.init-pin' }).at(-1)).toMatchObject({ outcome: 'failed', errorCode: 'PIN_INCORRECT', target: serial });
    const right = await call('POST', `/api/tokens/${serial}/init-pin`, { soPin: SO_PIN, newPin: SECOND_PIN });
    expect(right.statusCode, right.body).toBe(200);
    expect(right.json()).toEqual({ serial, label: 'admin-made', userPin: 'set' });
    expect((await call('POST', `/api/tokens/${serial}/login`, { pin: SECOND_PIN })).statusCode).toBe(200);
  });

  it('generates a key and lists it with its type; lists the shared seal token’s keys and certificates to an auditor of the province it belongs to', async () => {
    const made = await call('POST', `/api/tokens/${serial}/keys`, { type: 'ec-p256', label: '测试专用章', pin: SECOND_PIN });
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json()).toMatchObject({ label: '测试专用章', type: 'ec-p256', hasPrivateKey: true, hasPublicKey: true });
    const again = await call('POST', `/api/tokens/${serial}/keys`, { type: 'rsa-2048', label: '测试专用章', pin: SECOND_PIN });
    expect(again.json()).toMatchObject({ code: 'KEY_EXISTS' });
    const list = await call('GET', `/api/tokens/${serial}/keys`);
    expect(list.statusCode).toBe(200);
    expect(list.json<{ keys: unknown[] }>().keys).toEqual([expect.objectContaining({ label: '测试专用章', type: 'ec-p256', hasCertificate: false })]);
    const auditor = await service.signIn('auditor', service.organisations.province);
    const seals = await call('GET', `/api/tokens/${service.token.serial}/keys`, undefined, auditor.headers);
    expect(seals.statusCode, seals.body).toBe(200);
    const sealKeys = seals.json<{ keys: { hasCertificate: boolean }[]; certificates: unknown[] }>();
    expect(sealKeys.keys.length).toBeGreaterThan(0);
    expect(sealKeys.keys.some((k) => k.hasCertificate)).toBe(true);
    expect(sealKeys.certificates.length).toBeGreaterThan(0);
    expect(service.context.audit.list({ action: 'token.keygen' }).at(-2)).toMatchObject({ outcome: 'ok', target: serial, details: { keyType: 'ec-p256' } });
  });

  it('changes the user PIN: the new one logs in, the old one does not', async () => {
    const changed = await call('POST', `/api/tokens/${serial}/change-pin`, { pin: SECOND_PIN, newPin: THIRD_PIN });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ userPin: 'changed' });
    expect((await call('POST', `/api/tokens/${serial}/login`, { pin: SECOND_PIN })).json()).toMatchObject({ code: 'PIN_INCORRECT' });
    const login = await call('POST', `/api/tokens/${serial}/login`, { pin: THIRD_PIN });
    expect(login.statusCode, login.body).toBe(200);
    expect(login.json()).toMatchObject({ loggedIn: true });
  });

  it('unblocks a locked PIN with the SO PIN and a new PIN', async () => {
    // one admin may spend 2 of the token's 3 tries; a second admin spends the last
    expect((await call('POST', `/api/tokens/${serial}/login`, { pin: WRONG_PIN })).json()).toMatchObject({ code: 'PIN_INCORRECT', details: { triesLeft: 1 } });
    expect((await call('POST', `/api/tokens/${serial}/login`, { pin: WRONG_PIN })).json()).toMatchObject({ code: 'PIN_INCORRECT', details: { triesLeft: 0 } });
    expect((await call('POST', `/api/tokens/${serial}/login`, { pin: WRONG_PIN })).json()).toMatchObject({ code: 'PIN_OPERATOR_LOCKED' });
    const second = await service.signIn('admin');
    const last = await call('POST', `/api/tokens/${serial}/login`, { pin: WRONG_PIN }, second.headers);
    expect(last.json()).toMatchObject({ code: 'PIN_LOCKED' });
    // locked for everyone now, the right PIN too
    expect((await call('POST', `/api/tokens/${serial}/login`, { pin: THIRD_PIN }, second.headers)).json()).toMatchObject({ code: 'PIN_LOCKED' });
    const unblocked = await call('POST', `/api/tokens/${serial}/unblock`, { soPin: SO_PIN, newPin: FIRST_PIN });
    expect(unblocked.statusCode, unblocked.body).toBe(200);
    expect(unblocked.json()).toMatchObject({ userPin: 'unblocked' });
    // the unblock forgave the first admin's wrong PINs too
    expect((await call('POST', `/api/tokens/${serial}/login`, { pin: FIRST_PIN })).statusCode).toBe(200);
    expect(service.context.audit.list({ action: 'token.unblock' }).at(-1)).toMatchObject({ outcome: 'ok', target: serial });
  });

  it('refuses every non-admin role (FORBIDDEN); only admin and auditor read the key list', async () => {
    const posts: [string, Record<string, unknown>][] = [
      ['/api/tokens/slots/0/init', { label: 'x', soPin: SO_PIN, pin: FIRST_PIN }],
      [`/api/tokens/${serial}/init-pin`, { soPin: SO_PIN, newPin: FIRST_PIN }],
      [`/api/tokens/${serial}/unblock`, { soPin: SO_PIN, newPin: FIRST_PIN }],
      [`/api/tokens/${serial}/change-pin`, { pin: FIRST_PIN, newPin: SECOND_PIN }],
      [`/api/tokens/${serial}/keys`, { type: 'ec-p256', label: 'nope', pin: FIRST_PIN }],
    ];
    for (const role of ['clerk', 'kiosk', 'auditor'] as const) {
      const caller = await service.signIn(role);
      for (const [url, payload] of posts) {
        const response = await call('POST', url, payload, caller.headers);
        expect({ role, url, status: response.statusCode, code: response.json<{ code: string }>().code }).toEqual({ role, url, status: 403, code: 'FORBIDDEN' });
      }
      const list = await call('GET', `/api/tokens/${serial}/keys`, undefined, caller.headers);
      expect({ role, status: list.statusCode }).toEqual({ role, status: role === 'auditor' ? 200 : 403 });
    }
  });

  it('a token holding no seal is logged out by an admin of its organisation’s subtree, never by a clerk or another city’s admin', async () => {
    expect(service.token.serial).not.toBe(serial);
    const clerk = await service.signIn('clerk', service.organisations.own, { grantSeals: service.seals });
    const other = await service.signIn('admin', service.organisations.other);
    for (const caller of [clerk, other]) {
      const refused = await call('POST', `/api/tokens/${serial}/logout`, undefined, caller.headers);
      expect({ status: refused.statusCode, code: refused.json<{ code: string }>().code }).toEqual({ status: 403, code: 'FORBIDDEN' });
    }
    const above = await service.signIn('admin', service.organisations.district);
    const done = await call('POST', `/api/tokens/${serial}/logout`, undefined, above.headers);
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ serial, loggedIn: false });
  });

  it('no PIN appears in any response body or audit entry', () => {
    const audit = JSON.stringify(service.context.audit.list());
    for (const pin of ALL_PINS) {
      expect(audit.includes(pin), `audit holds ${pin}`).toBe(false);
      expect(bodies.filter((b) => b.includes(pin))).toEqual([]);
    }
  });
});
