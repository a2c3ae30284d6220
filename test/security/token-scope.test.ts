import type { LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import { startTestService } from '../helpers/service.js';
import { SO_PIN, USER_PIN } from '../helpers/softhsm.js';
import { expectNoPinLeak } from './no-pin-leak.js';

/**
 * Issue 13, item 4: token administration was not scoped. A department admin listed every key on
 * the shared token (the CA key, another city's seal keys), generated a key on it and unblocked its
 * PIN — with the right SO PIN, which a hall's admins may well share. Now a token belongs to an
 * organisation and only admins (auditors, for the list) of its subtree act on it. The fixture's
 * shared token belongs to the district above the department: it holds the CA key and the seals of
 * two cities.
 */
const service = await startTestService();
const { province, district, own, sibling } = service.organisations;
const shared = service.token.serial;
const HIJACK = 'hijack-4321';
const NEW_SO = 'dept-so-9898';
const NEW_PIN = 'dept-user-6767';
const bodies: string[] = [];

async function call(headers: Record<string, string>, method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>): Promise<LightMyRequestResponse> {
  const response = await service.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  bodies.push(response.body);
  return response;
}
const answer = (r: LightMyRequestResponse) => ({ status: r.statusCode, code: r.json<{ code?: string }>().code });
const FORBIDDEN = { status: 403, code: 'FORBIDDEN' };

const departmentAdmin = await service.signIn('admin', own);
const provinceAdmin = await service.signIn('admin', province);
const keyLabels = async () => (await call(provinceAdmin.headers, 'GET', `/api/tokens/${shared}/keys`)).json<{ keys: { label: string }[] }>().keys.map((k) => k.label);
let departmentToken = '';

describe('attack: a department admin administers the shared token', () => {
  // first, while no token is logged in (SoftHSM offers the next free slot only after a rescan, which waits for that)
  it('a token a department admin initialises belongs to that department: its admins and those above act on it, a sibling’s admin does not', async () => {
    const slots = (await call(departmentAdmin.headers, 'GET', '/api/tokens')).json<Array<{ slotId: string; token: { flags: { initialized: boolean } } | null }>>();
    const free = slots.find((s) => s.token && !s.token.flags.initialized)!;
    const made = await call(departmentAdmin.headers, 'POST', `/api/tokens/slots/${free.slotId}/init`, { label: 'dept-token', soPin: NEW_SO, pin: NEW_PIN });
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json()).toMatchObject({ organisationId: own.id });
    departmentToken = made.json<{ serial: string }>().serial;
    const siblingAdmin = await service.signIn('admin', sibling);
    const districtAdmin = await service.signIn('admin', district);
    expect(answer(await call(siblingAdmin.headers, 'GET', `/api/tokens/${departmentToken}/keys`))).toEqual(FORBIDDEN);
    expect(answer(await call(siblingAdmin.headers, 'POST', `/api/tokens/${departmentToken}/unblock`, { soPin: NEW_SO, newPin: HIJACK }))).toEqual(FORBIDDEN);
    for (const admin of [departmentAdmin, districtAdmin]) expect((await call(admin.headers, 'GET', `/api/tokens/${departmentToken}/keys`)).statusCode).toBe(200);
    // and naming another department when initialising is refused too
    expect(answer(await call(siblingAdmin.headers, 'POST', '/api/tokens/slots/999999/init', { label: 'x', soPin: NEW_SO, pin: NEW_PIN, organisationId: own.id }))).toEqual(FORBIDDEN);
  });

  it('listing the shared token’s keys: FORBIDDEN, and none of its key labels in the answer (an auditor of the department too)', async () => {
    const labels = await keyLabels();
    expect(labels.length).toBeGreaterThan(2);
    const auditor = await service.signIn('auditor', own);
    for (const caller of [departmentAdmin, auditor]) {
      const refused = await call(caller.headers, 'GET', `/api/tokens/${shared}/keys`);
      expect(answer(refused)).toEqual(FORBIDDEN);
      for (const label of labels) expect(refused.body.includes(label), `the refusal names ${label}`).toBe(false);
    }
  });

  it('generating a key, unblocking or setting its PIN, changing it, claiming the token: each FORBIDDEN, nothing changed', async () => {
    const before = await keyLabels();
    const attempts: Array<[string, Record<string, unknown>]> = [
      [`/api/tokens/${shared}/keys`, { type: 'ec-p256', label: 'dept-attack-key', pin: USER_PIN }],
      [`/api/tokens/${shared}/unblock`, { soPin: SO_PIN, newPin: HIJACK }],
      [`/api/tokens/${shared}/init-pin`, { soPin: SO_PIN, newPin: HIJACK }],
      [`/api/tokens/${shared}/change-pin`, { pin: USER_PIN, newPin: HIJACK }],
      [`/api/tokens/${shared}/claim`, { organisationId: own.id }],
    ];
    for (const [url, payload] of attempts) expect({ url, ...answer(await call(departmentAdmin.headers, 'POST', url, payload)) }).toEqual({ url, ...FORBIDDEN });
    // nor a seal whose key would be made on it
    const seal = await call(departmentAdmin.headers, 'POST', '/api/seals', { tokenSerial: shared, name: '部门攻击章', type: 'contract', organisation: { name: own.name, uscc: own.uscc }, pin: USER_PIN });
    expect(answer(seal)).toEqual(FORBIDDEN);
    expect(await keyLabels()).toEqual(before);
    expect(service.context.directory.tokens.organisationOf(shared)).toBe(district.id);
    // the PIN is what it was: a clerk of the department opens the token with it, and the hijacker's does not
    const clerk = await service.signIn('clerk', own, { grantSeals: [service.seals[1]!] });
    expect(answer(await call(clerk.headers, 'POST', `/api/tokens/${shared}/login`, { pin: USER_PIN }))).toEqual({ status: 200, code: undefined });
    // each refusal is audited as denied, naming the token
    const denied = service.context.audit.list().filter((e) => e.actor.id === departmentAdmin.operatorId && e.outcome === 'denied' && e.target === shared).map((e) => e.action);
    expect(denied).toEqual(expect.arrayContaining(['token.keygen', 'token.unblock', 'token.init-pin', 'token.change-pin', 'token.claim']));
  });

  it('a claim moves a token only within the claimer’s reach, never to an organisation some of its seals are outside of', async () => {
    const districtAdmin = await service.signIn('admin', district);
    expect((await call(districtAdmin.headers, 'POST', `/api/tokens/${departmentToken}/claim`, { organisationId: sibling.id })).json()).toMatchObject({ organisationId: sibling.id });
    expect(answer(await call(departmentAdmin.headers, 'GET', `/api/tokens/${departmentToken}/keys`))).toEqual(FORBIDDEN);
    // the shared token holds another city's seals: not even the province's admin may hand it to one department
    expect(answer(await call(provinceAdmin.headers, 'POST', `/api/tokens/${shared}/claim`, { organisationId: own.id }))).toEqual(FORBIDDEN);
    expect(service.context.directory.tokens.organisationOf(shared)).toBe(district.id);
  });

  it('GET /api/tokens names a token only to its subtree (and those its seals concern); an unbound token only to an admin at the root', async () => {
    const serials = async (headers: Record<string, string>) =>
      (await call(headers, 'GET', '/api/tokens')).json<Array<{ token: { serial: string; label: string } | null }>>().flatMap((s) => (s.token ? [s.token.serial] : []));
    const siblingAdmin = await service.signIn('admin', sibling);
    const districtAdmin = await service.signIn('admin', district);
    // the department token was moved to the sibling above; the shared one belongs to the district
    expect(await serials(departmentAdmin.headers)).not.toContain(departmentToken);
    expect(await serials(siblingAdmin.headers)).toContain(departmentToken);
    expect(await serials(siblingAdmin.headers)).not.toContain(shared);
    const listing = await call(siblingAdmin.headers, 'GET', '/api/tokens');
    expect(listing.body.includes(`"${service.token.label}"`)).toBe(false);
    // unbound, the shared token is listed to the province's admin only, who may claim it
    const owners = service.context.directory.db;
    owners.prepare('DELETE FROM token_organisations WHERE token_serial = ?').run(shared);
    try {
      const grantedClerk = await service.signIn('clerk', own, { grantSeals: [service.seals[1]!] });
      for (const caller of [districtAdmin, departmentAdmin, grantedClerk]) expect(await serials(caller.headers)).not.toContain(shared);
      expect(await serials(provinceAdmin.headers)).toEqual(expect.arrayContaining([shared, departmentToken]));
    } finally {
      service.context.directory.tokens.bind(shared, district.id, 'test');
    }
  });

  it('no PIN or SO PIN is in a response, the audit log or any file under SEALDESK_HOME', async () => {
    await expectNoPinLeak(service, [USER_PIN, SO_PIN, HIJACK, NEW_SO, NEW_PIN], bodies);
  });
});
