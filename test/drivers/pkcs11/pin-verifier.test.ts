import { inspect } from 'node:util';
import { ObjectClass, SessionFlag, type SecretKey } from 'graphene-pk11';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failure } from '../../helpers/failure.js';
import { openTokenFixture, USER_PIN, type TokenFixture } from '../../helpers/softhsm.js';

let fx: TokenFixture;

beforeAll(async () => {
  fx = await openTokenFixture(['verifier-token']);
});
afterAll(async () => fx?.close());

interface VerifierKey {
  attributes: Record<string, boolean>;
  valueReadable: boolean;
}

/** The PIN verifier keys our module's sessions see on the token (session objects are visible to every session of the application). */
function verifierKeys(): VerifierKey[] {
  const token = fx.pkcs11.token({ label: 'verifier-token' });
  const slots = fx.pkcs11.modules[0]!.graphene.getSlots(true);
  const slot = Array.from({ length: slots.length }, (_, i) => slots.items(i)).find((s) => s.getToken().serialNumber === token.serial)!;
  const session = slot.open(SessionFlag.SERIAL_SESSION);
  try {
    const found = session.find({ class: ObjectClass.SECRET_KEY, label: 'sealdesk-pin-verifier' });
    return Array.from({ length: found.length }, (_, i) => {
      const key = found.items(i).toType<SecretKey>();
      let valueReadable = true;
      try {
        key.getAttribute({ value: null });
      } catch {
        valueReadable = false;
      }
      return {
        attributes: { token: key.token, private: key.private, sensitive: key.sensitive, extractable: key.extractable, sign: key.sign, decrypt: key.decrypt, wrap: key.wrap, derive: key.derive },
        valueReadable,
      };
    });
  } finally {
    session.close();
  }
}

describe('Token.checkPin: the PIN checked on the open token by an HMAC under a key made on the token', () => {
  it('the login makes a session secret key that is sensitive, never extractable, not a token object, and only signs', async () => {
    const token = fx.pkcs11.token({ label: 'verifier-token' });
    await token.login(USER_PIN);
    expect(token.canCheckPin).toBe(true);
    const keys = verifierKeys();
    expect(keys).toHaveLength(1);
    const key = keys[0]!;
    expect(key.attributes).toEqual({
      token: false, private: true, sensitive: true, extractable: false, sign: true, decrypt: false, wrap: false, derive: false,
    });
    // its value cannot be read
    expect(key.valueReadable).toBe(false);
    // and the process holds no PIN: the token object's inspection shows none
    expect(inspect(token, { depth: 10, showHidden: true })).not.toContain(USER_PIN);
  });

  it('a right PIN passes without C_Login; a wrong one is PIN_INCORRECT with tries left and leaves the token open', async () => {
    const token = fx.pkcs11.token({ label: 'verifier-token' });
    await token.checkPin(USER_PIN);
    const wrong = await failure(token.checkPin('135790'));
    expect({ code: wrong.code, status: wrong.status, triesLeft: wrong.details.triesLeft }).toEqual({ code: 'PIN_INCORRECT', status: 401, triesLeft: fx.pkcs11.guard.maxTries - 1 });
    expect(token.isLoggedIn).toBe(true);
    await token.checkPin(USER_PIN);
    expect(fx.pkcs11.guard.failures(token.serial)).toBe(0);
  });

  it('the guard still bounds guesses on an open token: PIN_LOCKED at the last, then even for the right PIN, the token still open', async () => {
    const token = fx.pkcs11.token({ label: 'verifier-token' });
    for (let i = 1; i < fx.pkcs11.guard.maxTries; i++) expect((await failure(token.checkPin('135790'))).code).toBe('PIN_INCORRECT');
    expect((await failure(token.checkPin('135790'))).code).toBe('PIN_LOCKED');
    expect((await failure(token.checkPin(USER_PIN))).code).toBe('PIN_LOCKED');
    expect(token.isLoggedIn).toBe(true);
    fx.pkcs11.guard.reset(token.serial);
  });

  it('logout destroys the key; a closed token has nothing to check against (LOGIN_REQUIRED)', async () => {
    const token = fx.pkcs11.token({ label: 'verifier-token' });
    await token.logout();
    expect(token.canCheckPin).toBe(false);
    expect(verifierKeys()).toHaveLength(0);
    expect((await failure(token.checkPin(USER_PIN))).code).toBe('LOGIN_REQUIRED');
  });
});
