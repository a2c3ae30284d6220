import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PinGuard } from '../../../drivers/pkcs11/pin-guard.js';
import { failure } from '../../helpers/failure.js';
import { openTokenFixture, SO_PIN, USER_PIN, type TokenFixture } from '../../helpers/softhsm.js';

let fixture: TokenFixture;

beforeAll(async () => {
  fixture = await openTokenFixture(['pin-token', 'other-token']);
});
afterAll(async () => fixture?.close());

describe('PINs (fixture allows 3 wrong PINs)', () => {
  it('a wrong PIN is PIN_INCORRECT with the tries left, in both languages, and without the PIN', async () => {
    const token = fixture.pkcs11.token({ label: 'pin-token' });
    const error = await failure(token.login('999999'));
    expect(error.code).toBe('PIN_INCORRECT');
    expect(error.status).toBe(401);
    expect(error.details.triesLeft).toBe(2);
    expect(error.messageZh).toBe('口令错误，还可尝试 2 次。');
    expect(error.messageEn).toBe('Wrong PIN; 2 tries left.');
    expect(JSON.stringify(error.toJSON())).not.toContain('999999');
    expect(token.isLoggedIn).toBe(false);
  });

  it('the right PIN logs in and resets the count', async () => {
    const token = fixture.pkcs11.token({ label: 'pin-token' });
    await token.login(USER_PIN);
    expect(token.isLoggedIn).toBe(true);
    expect(fixture.pkcs11.guard.triesLeft(token.serial)).toBe(3);
    await token.logout();
    expect(token.isLoggedIn).toBe(false);
  });

  it('a PIN outside the token’s length policy is PIN_POLICY and costs no try', async () => {
    const token = fixture.pkcs11.token({ label: 'pin-token' });
    const error = await failure(token.login('12'));
    expect(error.code).toBe('PIN_POLICY');
    expect(error.details).toMatchObject({ min: 4, max: 255 });
    expect(fixture.pkcs11.guard.triesLeft(token.serial)).toBe(3);
  });

  it('the last wrong try locks the PIN: PIN_LOCKED, even for the right PIN, until unblocked with the SO PIN', async () => {
    const token = fixture.pkcs11.token({ label: 'pin-token' });
    expect((await failure(token.login('000000'))).details.triesLeft).toBe(2);
    expect((await failure(token.login('000000'))).details.triesLeft).toBe(1);
    const locked = await failure(token.login('000000'));
    expect(locked.code).toBe('PIN_LOCKED');
    expect(locked.status).toBe(423);
    expect((await failure(token.login(USER_PIN))).code).toBe('PIN_LOCKED');

    // a wrong SO PIN does not unblock
    expect((await failure(token.initUserPin('00000000', '112233'))).code).toBe('PIN_INCORRECT');
    await token.initUserPin(SO_PIN, '112233');
    await token.login('112233');
    expect(token.isLoggedIn).toBe(true);
    await token.logout();
    // back to the fixture's PIN for the tests that follow
    await token.initUserPin(SO_PIN, USER_PIN);
  });

  it('the lock outlives the process: a new guard over the same SEALDESK_HOME still counts', async () => {
    const token = fixture.pkcs11.token({ label: 'pin-token' });
    await failure(token.login('000000'));
    expect(new PinGuard(fixture.home, 3).triesLeft(token.serial)).toBe(2);
    await token.login(USER_PIN);
    expect(new PinGuard(fixture.home, 3).triesLeft(token.serial)).toBe(3);
    await token.logout();
  });

  it('the count is per token: locking one leaves the other usable', async () => {
    const one = fixture.pkcs11.token({ label: 'pin-token' });
    const other = fixture.pkcs11.token({ label: 'other-token' });
    for (let i = 0; i < 3; i++) await failure(one.login('000000'));
    expect((await failure(one.login(USER_PIN))).code).toBe('PIN_LOCKED');
    await other.login(USER_PIN);
    expect(other.isLoggedIn).toBe(true);
    await other.logout();
    await one.initUserPin(SO_PIN, USER_PIN);
  });

  it('change PIN: the old PIN stops working, the new one works; a wrong old PIN changes nothing', async () => {
    const token = fixture.pkcs11.token({ label: 'pin-token' });
    expect((await failure(token.changePin('000000', '654321'))).code).toBe('PIN_INCORRECT');
    await token.changePin(USER_PIN, '654321');
    expect((await failure(token.login(USER_PIN))).code).toBe('PIN_INCORRECT');
    await token.login('654321');
    await token.changePin('654321', USER_PIN);
    await token.login(USER_PIN);
    expect(token.isLoggedIn).toBe(true);
    await token.logout();
  });

  it('operations that need the key refuse before login with LOGIN_REQUIRED', async () => {
    const token = fixture.pkcs11.token({ label: 'pin-token' });
    const error = await failure(token.generateKey('ec-p256', 'no-login'));
    expect(error.code).toBe('LOGIN_REQUIRED');
    expect(error.messageZh).toContain('口令');
  });

  it('a clerk who logs out and in again signs with the same key (no stale key handles)', async () => {
    const token = fixture.pkcs11.token({ label: 'pin-token' });
    await token.login(USER_PIN);
    await token.generateKey('ec-p256', 'relogin-seal');
    expect((await token.sign('relogin-seal', Buffer.from('first session'))).raw).toHaveLength(64);
    await token.logout();
    await token.login(USER_PIN);
    expect((await token.sign('relogin-seal', Buffer.from('second session'))).raw).toHaveLength(64);
    await token.logout();
  });
});
