import { describe, expect, it } from 'vitest';
import { USER_PIN } from '../../helpers/softhsm.js';
import { startTestService } from '../../helpers/service.js';

/**
 * C_Logout from the API needs no PIN, and afterwards every clerk on that token types the PIN
 * again: only those whom the token's seals concern may do it. The fixture's one token holds the
 * own department's seals and 宁波's.
 */
const service = await startTestService();
const { own, sibling, otherDepartment, district } = service.organisations;
const serial = service.token.serial;

async function logOut(headers: Record<string, string>) {
  return service.app.inject({ method: 'POST', url: `/api/tokens/${serial}/logout`, headers });
}

async function logIn(headers: Record<string, string>) {
  const response = await service.app.inject({ method: 'POST', url: `/api/tokens/${serial}/login`, headers, payload: { pin: USER_PIN } });
  expect(response.statusCode, response.body).toBe(200);
  expect(service.token.isLoggedIn).toBe(true);
}

describe('POST /api/tokens/:serial/logout', () => {
  it('a clerk granted a seal on the token logs it out', async () => {
    const clerk = await service.signIn('clerk', own, { grantSeals: [service.seals[1]!] });
    await logIn(clerk.headers);
    const response = await logOut(clerk.headers);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ serial, loggedIn: false });
    expect(service.token.isLoggedIn).toBe(false);
  });

  it('a clerk granted none of its seals, and an admin with none of them in reach, get FORBIDDEN and the token stays open', async () => {
    const granted = await service.signIn('clerk', own, { grantSeals: [service.seals[1]!] });
    await logIn(granted.headers);
    const ungranted = await service.signIn('clerk', own);
    const siblingAdmin = await service.signIn('admin', sibling);
    for (const caller of [ungranted, siblingAdmin]) {
      const response = await logOut(caller.headers);
      expect(response.statusCode, response.body).toBe(403);
      expect(response.json()).toMatchObject({ code: 'FORBIDDEN', message_zh: '您的角色或所属机构无权执行此操作。' });
    }
    expect(service.token.isLoggedIn).toBe(true);
  });

  it('an admin above the seal’s organisation, or of the other city whose seal is on the same token, may', async () => {
    for (const organisation of [district, otherDepartment]) {
      const admin = await service.signIn('admin', organisation);
      if (!service.token.isLoggedIn) await logIn(admin.headers);
      const response = await logOut(admin.headers);
      expect(response.statusCode, `${organisation.name}: ${response.body}`).toBe(200);
      expect(service.token.isLoggedIn).toBe(false);
    }
  });
});
