import { describe, expect, it } from 'vitest';
import { hashPassword, needsRehash, verifyPassword } from '../../../appliance/directory/password-hash.js';
import { checkPasswordPolicy, PASSWORD_MIN_LENGTH } from '../../../appliance/directory/password-policy.js';
import { hashTerminalCredential, newTerminalCredential, verifyTerminalCredential } from '../../../appliance/directory/terminal-credential.js';
import { isSealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import { codeOf, TEST_SCRYPT } from './temp-directory.js';

describe('password hashes', () => {
  it('records the scrypt parameters and a random salt in the hash', async () => {
    const a = await hashPassword('西湖 counter 2026', TEST_SCRYPT);
    const b = await hashPassword('西湖 counter 2026', TEST_SCRYPT);
    expect(a).toMatch(/^scrypt\$N=1024,r=8,p=1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('西湖 counter 2026', a)).toBe(true);
    expect(await verifyPassword('西湖 counter 2027', a)).toBe(false);
    expect(await verifyPassword('anything', 'not a hash')).toBe(false);
  });

  it('asks for a re-hash only when the parameters are weaker than today’s', async () => {
    const weak = await hashPassword('long enough password', TEST_SCRYPT);
    expect(needsRehash(weak, TEST_SCRYPT)).toBe(false);
    expect(needsRehash(weak, { ...TEST_SCRYPT, N: 2 ** 15 })).toBe(true);
  });

  it('keeps only a hash of a terminal credential', () => {
    const credential = newTerminalCredential();
    expect(credential).toMatch(/^sdk_[A-Za-z0-9_-]{43}$/);
    const hash = hashTerminalCredential(credential);
    expect(hash).not.toContain(credential);
    expect(verifyTerminalCredential(credential, hash)).toBe(true);
    expect(verifyTerminalCredential(newTerminalCredential(), hash)).toBe(false);
    expect(verifyTerminalCredential(credential, 'scrypt$whatever')).toBe(false);
  });
});

describe('password policy', () => {
  it('wants length, not the username', () => {
    expect(() => checkPasswordPolicy('a long passphrase', 'clerk01')).not.toThrow();
    expect(codeOf(() => checkPasswordPolicy('short', 'clerk01'))).toBe('PASSWORD_POLICY');
    expect(codeOf(() => checkPasswordPolicy('my-Clerk01-password', 'clerk01'))).toBe('PASSWORD_POLICY');
    expect(codeOf(() => checkPasswordPolicy('            ', 'clerk01'))).toBe('PASSWORD_POLICY');
    try {
      checkPasswordPolicy('short', 'clerk01');
    } catch (error) {
      expect(isSealdeskError(error) && error.messageZh).toContain(String(PASSWORD_MIN_LENGTH));
    }
  });
});
