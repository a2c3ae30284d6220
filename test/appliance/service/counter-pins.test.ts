import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CounterPins } from '../../../appliance/service/tokens/counter-pins.js';
import type { Token } from '../../../drivers/pkcs11/token.js';
import { failure } from '../../helpers/failure.js';
import { openTokenFixture, USER_PIN, type TokenFixture } from '../../helpers/softhsm.js';

let fx: TokenFixture;
let token: Token;

beforeAll(async () => {
  fx = await openTokenFixture(['counter-token']);
  token = fx.pkcs11.token({ label: 'counter-token' });
});
afterAll(async () => fx?.close());

describe('CounterPins: the PIN typed at the counter', () => {
  it('logs a closed token in, then checks a PIN on the open token without C_Login', async () => {
    const pins = new CounterPins();
    expect(await pins.unlock(token, USER_PIN)).toBe('logged-in');
    expect(token.isLoggedIn).toBe(true);
    // the second clerk's right PIN: checked by the token, which stays as it is
    expect(await pins.unlock(token, USER_PIN)).toBe('checked');
    expect(fx.pkcs11.guard.failures(token.serial)).toBe(0);
    // the PIN itself is nowhere in the object
    expect(inspect(pins, { depth: 10, showHidden: true })).not.toContain(USER_PIN);
    await pins.logout(token);
    expect(token.isLoggedIn).toBe(false);
  });

  it('a wrong PIN on a logged-in token is PIN_INCORRECT and leaves it open for the other clerks', async () => {
    const pins = new CounterPins();
    await pins.unlock(token, USER_PIN);
    const wrong = await failure(pins.unlock(token, '999999'));
    expect(wrong.code).toBe('PIN_INCORRECT');
    expect(wrong.details.triesLeft).toBe(fx.pkcs11.guard.maxTries - 1);
    expect(token.isLoggedIn).toBe(true);
    // the right PIN afterwards is checked (and resets the counter)
    expect(await pins.unlock(token, USER_PIN)).toBe('checked');
    expect(fx.pkcs11.guard.failures(token.serial)).toBe(0);
    await pins.logout(token);
  });

  it('a token logged in elsewhere in the process (the kiosk’s, at start) is checked against that login’s verifier', async () => {
    await token.login(USER_PIN);
    const pins = new CounterPins();
    expect((await failure(pins.unlock(token, '123123'))).code).toBe('PIN_INCORRECT');
    expect(token.isLoggedIn).toBe(true);
    expect(await pins.unlock(token, USER_PIN)).toBe('checked');
    await pins.logout(token);
  });

  it('concurrent unlocks of one token run one at a time: one C_Login, the rest checked', async () => {
    const pins = new CounterPins();
    const outcomes = await Promise.all(Array.from({ length: 6 }, () => pins.unlock(token, USER_PIN)));
    expect(outcomes.filter((o) => o === 'logged-in')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'checked')).toHaveLength(5);
    await pins.logout(token);
  });
});
