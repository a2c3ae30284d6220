import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Directory } from '../../../appliance/directory/directory.js';
import { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import { tempDirectory, type TempDirectory } from './temp-directory.js';

const PASSWORD = 'counter window 3';
let temp: TempDirectory;
let directory: Directory;
let kioskCredential: string;

beforeEach(async () => {
  temp = tempDirectory();
  directory = temp.directory;
  const xihu = directory.organisations.create({ name: '西湖区', level: 'district' });
  await directory.operators.create({ username: 'clerk01', displayName: '窗口一号', role: 'clerk', organisationId: xihu.id, password: PASSWORD });
  const kiosk = await directory.operators.create({ username: 'kiosk-01', displayName: '自助终端', role: 'kiosk', organisationId: xihu.id });
  kioskCredential = kiosk.terminalCredential!;
});
afterEach(() => temp.remove());

async function failure(fn: () => Promise<unknown>): Promise<SealdeskError> {
  try {
    await fn();
  } catch (error) {
    if (error instanceof SealdeskError) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

describe('sign-in', () => {
  it('opens a session for a person and for a kiosk', async () => {
    const person = await directory.signIn({ username: 'clerk01', password: PASSWORD }, '127.0.0.1');
    expect(directory.sessions.principalOf(person.sessionId).role).toBe('clerk');
    const kiosk = await directory.signIn({ terminal: 'kiosk-01', credential: kioskCredential }, '127.0.0.1');
    expect(directory.sessions.principalOf(kiosk.sessionId).role).toBe('kiosk');
  });

  it('gives one answer for an unknown user, a wrong password, a disabled account and a kiosk with a password', async () => {
    const unknown = await failure(() => directory.signIn({ username: 'nobody', password: PASSWORD }, 'a'));
    const wrong = await failure(() => directory.signIn({ username: 'clerk01', password: 'wrong password!' }, 'b'));
    const asKiosk = await failure(() => directory.signIn({ username: 'kiosk-01', password: kioskCredential }, 'c'));
    directory.operators.setDisabled(directory.operators.findByUsername('clerk01')!.id, true);
    const disabled = await failure(() => directory.signIn({ username: 'clerk01', password: PASSWORD }, 'd'));
    for (const error of [unknown, wrong, asKiosk, disabled]) {
      expect(error.toJSON()).toEqual(unknown.toJSON());
      expect(error.status).toBe(401);
      expect(error.code).toBe('SIGN_IN_FAILED');
    }
  });

  it('locks a username out after 5 failures, exponentially longer each time, for every address', async () => {
    const t0 = 1_000_000;
    for (let i = 0; i < 5; i++) {
      expect((await failure(() => directory.signIn({ username: 'clerk01', password: 'wrong password!' }, `10.0.0.${i}`, t0))).code).toBe('SIGN_IN_FAILED');
    }
    const throttled = await failure(() => directory.signIn({ username: 'clerk01', password: PASSWORD }, '10.0.1.1', t0 + 1000));
    expect(throttled.code).toBe('SIGN_IN_THROTTLED');
    expect(throttled.status).toBe(429);
    expect(throttled.details.retryAfter).toBe(29);
    // after the lock, one more failure locks for twice as long
    expect((await failure(() => directory.signIn({ username: 'clerk01', password: 'wrong password!' }, 'x', t0 + 30_000))).code).toBe('SIGN_IN_FAILED');
    expect((await failure(() => directory.signIn({ username: 'clerk01', password: PASSWORD }, 'x', t0 + 30_000))).details.retryAfter).toBe(60);
    // the lock survives a restart of the service
    const again = temp.reopen();
    expect((await failure(() => again.signIn({ username: 'clerk01', password: PASSWORD }, 'x', t0 + 31_000))).code).toBe('SIGN_IN_THROTTLED');
    // other users are not affected, and the right password works once the lock is over
    expect((await again.signIn({ terminal: 'kiosk-01', credential: kioskCredential }, 'x', t0 + 31_000)).principal.role).toBe('kiosk');
    expect((await again.signIn({ username: 'clerk01', password: PASSWORD }, 'x', t0 + 91_000)).principal.role).toBe('clerk');
  });

  it('locks out unknown usernames the same way, so a lock-out does not tell that a user exists', async () => {
    for (let i = 0; i < 5; i++) await failure(() => directory.signIn({ username: 'ghost', password: 'wrong password!' }, `10.0.0.${i}`, 0));
    expect((await failure(() => directory.signIn({ username: 'ghost', password: 'x' }, '10.9.9.9', 1))).code).toBe('SIGN_IN_THROTTLED');
  });

  it('locks out an address that guesses at many usernames', async () => {
    for (let i = 0; i < 20; i++) await failure(() => directory.signIn({ username: `user${i}`, password: 'wrong password!' }, '192.0.2.7', 0));
    expect((await failure(() => directory.signIn({ username: 'clerk01', password: PASSWORD }, '192.0.2.7', 1))).code).toBe('SIGN_IN_THROTTLED');
    expect((await directory.signIn({ username: 'clerk01', password: PASSWORD }, '192.0.2.8', 1)).principal.username).toBe('clerk01');
  });

  it('forgets old failures and clears the username’s count on success', async () => {
    for (let i = 0; i < 4; i++) await failure(() => directory.signIn({ username: 'clerk01', password: 'wrong password!' }, 'a', 0));
    await directory.signIn({ username: 'clerk01', password: PASSWORD }, 'a', 1);
    for (let i = 0; i < 4; i++) await failure(() => directory.signIn({ username: 'clerk01', password: 'wrong password!' }, 'a', 2));
    // 16 minutes of quiet: the count starts over
    await failure(() => directory.signIn({ username: 'clerk01', password: 'wrong password!' }, 'a', 16 * 60_000));
    expect((await directory.signIn({ username: 'clerk01', password: PASSWORD }, 'a', 16 * 60_000 + 1)).principal.username).toBe('clerk01');
  });
});
