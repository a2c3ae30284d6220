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

  it('locks an account out at an address after 5 failures, exponentially longer each time', async () => {
    const t0 = 1_000_000;
    for (let i = 0; i < 5; i++) {
      expect((await failure(() => directory.signIn({ username: 'clerk01', password: 'wrong password!' }, 'x', t0))).code).toBe('SIGN_IN_FAILED');
    }
    const throttled = await failure(() => directory.signIn({ username: 'clerk01', password: PASSWORD }, 'x', t0 + 1000));
    expect(throttled.code).toBe('SIGN_IN_THROTTLED');
    expect(throttled.status).toBe(429);
    expect(throttled.details.retryAfter).toBe(29);
    // after the lock, one more failure locks for twice as long
    expect((await failure(() => directory.signIn({ username: 'clerk01', password: 'wrong password!' }, 'x', t0 + 30_000))).code).toBe('SIGN_IN_FAILED');
    expect((await failure(() => directory.signIn({ username: 'clerk01', password: PASSWORD }, 'x', t0 + 30_000))).details.retryAfter).toBe(60);
    // the lock survives a restart of the service
    const again = temp.reopen();
    expect((await failure(() => again.signIn({ username: 'clerk01', password: PASSWORD }, 'x', t0 + 31_000))).code).toBe('SIGN_IN_THROTTLED');
    // other accounts are not affected, nor the account from another address; the right password works once the lock is over
    expect((await again.signIn({ terminal: 'kiosk-01', credential: kioskCredential }, 'x', t0 + 31_000)).principal.role).toBe('kiosk');
    expect((await again.signIn({ username: 'clerk01', password: PASSWORD }, 'y', t0 + 31_000)).principal.role).toBe('clerk');
    expect((await again.signIn({ username: 'clerk01', password: PASSWORD }, 'x', t0 + 91_000)).principal.role).toBe('clerk');
  });

  it('locks an account out everywhere after 20 failures spread over addresses, up to an hour', async () => {
    for (let i = 0; i < 20; i++) await failure(() => directory.signIn({ username: 'clerk01', password: 'wrong password!' }, `10.0.${i}.1`, 0));
    const everywhere = await failure(() => directory.signIn({ username: 'clerk01', password: PASSWORD }, '10.9.9.9', 1));
    expect([everywhere.code, everywhere.details.retryAfter]).toEqual(['SIGN_IN_THROTTLED', 30]);
    // the lock doubles with each failure past the limit (each tried right as the last lock ends), and stops at the cap
    const locks: number[] = [];
    for (let i = 0, at = 1; i < 10; i++) {
      at += (locks[i - 1] ?? 30) * 1000;
      await failure(() => directory.signIn({ username: 'clerk01', password: 'wrong password!' }, `10.1.${i}.1`, at));
      locks.push((await failure(() => directory.signIn({ username: 'clerk01', password: PASSWORD }, '10.9.9.9', at))).details.retryAfter as number);
    }
    expect(locks).toEqual([60, 120, 240, 480, 960, 1920, 3600, 3600, 3600, 3600]);
  });

  it('locks out unknown usernames the same way, so a lock-out does not tell that a user exists', async () => {
    for (let i = 0; i < 5; i++) await failure(() => directory.signIn({ username: 'ghost', password: 'wrong password!' }, 'a', 0));
    expect((await failure(() => directory.signIn({ username: 'ghost', password: 'x' }, 'a', 1))).code).toBe('SIGN_IN_THROTTLED');
  });

  it('lets an address that fails at many usernames lock none of the others', async () => {
    for (let i = 0; i < 20; i++) await failure(() => directory.signIn({ username: `user${i}`, password: 'wrong password!' }, '192.0.2.7', 0));
    for (let i = 0; i < 20; i++) await failure(() => directory.signIn({ terminal: 'kiosk-01', credential: `sdk_${i}` }, '192.0.2.7', 0));
    expect((await directory.signIn({ username: 'clerk01', password: PASSWORD }, '192.0.2.7', 1)).principal.username).toBe('clerk01');
    expect((await directory.signIn({ terminal: 'kiosk-01', credential: kioskCredential }, '192.0.2.7', 1)).principal.role).toBe('kiosk');
  });

  it('counts parallel attempts before their hashes: past the limit they are refused untried', async () => {
    const codes = await Promise.all(Array.from({ length: 12 }, (_, i) => failure(() => directory.signIn({ username: 'clerk01', password: `guess ${i}` }, 'a', 0)).then((e) => e.code)));
    expect(codes.filter((c) => c === 'SIGN_IN_FAILED').length).toBe(5);
    expect(codes.filter((c) => c === 'SIGN_IN_THROTTLED').length).toBe(7);
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
