import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenWatcher, type TokenEvent } from '../../../drivers/pkcs11/hotplug.js';
import { failure } from '../../helpers/failure.js';
import { openTokenFixture, SO_PIN, USER_PIN, type TokenFixture } from '../../helpers/softhsm.js';

let fixture: TokenFixture;

beforeAll(async () => {
  fixture = await openTokenFixture(['usb-key', 'second-key']);
  const token = fixture.pkcs11.token({ label: 'usb-key' });
  await token.login(USER_PIN);
  await token.generateKey('ec-p256', 'seal');
  await token.logout();
});
afterAll(async () => fixture?.close());

/** Waits for a watcher event, failing after the 2 s the issue allows for noticing a USB key. */
function next(watcher: TokenWatcher, event: 'inserted' | 'removed', label: string): Promise<TokenEvent> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      watcher.off(event, listener);
      reject(new Error(`no "${event}" event for ${label} within 2 s`));
    }, 2000);
    // one listener for the whole wait: a poll may emit several events in the same tick
    const listener = (e: TokenEvent) => {
      if (e.label !== label) return;
      clearTimeout(timer);
      watcher.off(event, listener);
      resolve(e);
    };
    watcher.on(event, listener);
  });
}

describe('a USB key pulled and put back', () => {
  it('pulled between operations: TOKEN_NOT_PRESENT; put back: log in again and it signs', async () => {
    const token = fixture.pkcs11.token({ label: 'usb-key' });
    await token.login(USER_PIN);
    expect((await token.sign('seal', Buffer.from('before'))).raw).toHaveLength(64);

    await fixture.hsm.pull('usb-key');
    const gone = await failure(token.sign('seal', Buffer.from('while pulled')));
    expect(gone.code).toBe('TOKEN_NOT_PRESENT');
    expect(gone.status).toBe(503);
    expect(gone.messageZh).toContain('usb-key');
    expect(token.isLoggedIn).toBe(false);
    // and it stays an honest error, not a crash, while the key is out
    expect((await failure(token.keys())).code).toBe('TOKEN_NOT_PRESENT');

    await fixture.hsm.plug('usb-key');
    // the login went with the key: the clerk types the PIN again
    expect((await failure(token.sign('seal', Buffer.from('after')))).code).toBe('LOGIN_REQUIRED');
    await token.login(USER_PIN);
    const signature = await token.sign('seal', Buffer.from('after'));
    expect(signature.raw).toHaveLength(64);
    // the same key: the public key is unchanged
    expect((await token.keys()).map((k) => k.label)).toContain('seal');
    await token.logout();
  });

  it('the watcher reports a pulled key within 2 s, and its return', async () => {
    const watcher = new TokenWatcher(fixture.pkcs11, 500).start();
    try {
      expect(watcher.present.map((t) => t.label).sort()).toEqual(['second-key', 'usb-key']);
      const removed = next(watcher, 'removed', 'usb-key');
      await fixture.hsm.pull('usb-key');
      const event = await removed;
      expect(event.serial).toBe(fixture.hsm.tokens().find((t) => t.label === 'usb-key')?.serial);

      const inserted = next(watcher, 'inserted', 'usb-key');
      await fixture.hsm.plug('usb-key');
      expect((await inserted).serial).toBe(event.serial);
    } finally {
      watcher.stop();
    }
  });

  it('a pulled key is noticed even while another token is logged in', async () => {
    const other = fixture.pkcs11.token({ label: 'second-key' });
    await other.login(USER_PIN);
    const watcher = new TokenWatcher(fixture.pkcs11, 500).start();
    try {
      const removed = next(watcher, 'removed', 'usb-key');
      await fixture.hsm.pull('usb-key');
      await removed;
      // the logged-in token was left alone
      expect(other.isLoggedIn).toBe(true);
      await other.generateKey('ec-p256', 'still-works');
    } finally {
      watcher.stop();
      await fixture.hsm.plug('usb-key');
      await other.logout();
    }
  });

  it('a token initialised by another program appears as inserted', async () => {
    const watcher = new TokenWatcher(fixture.pkcs11, 500).start();
    try {
      const inserted = next(watcher, 'inserted', 'brand-new');
      await fixture.hsm.initToken('brand-new', SO_PIN, USER_PIN);
      expect((await inserted).serial).toMatch(/^[0-9a-f]{16}$/);
      expect(fixture.pkcs11.token({ label: 'brand-new' }).serial).toBe((await inserted).serial);
    } finally {
      watcher.stop();
    }
  });

  it('an unattended key pulled while a clerk’s is open comes back logged in by itself; the clerk’s needs its PIN again; nothing signs silently while out', async () => {
    const { pkcs11, hsm } = fixture;
    const clerk = pkcs11.token({ label: 'usb-key' });
    const unattended = pkcs11.token({ label: 'second-key' });
    let opened = 0;
    // the appliance's part: the configured secret opens it, now and after every re-initialisation
    await pkcs11.keepOpen('second-key', async (token) => {
      opened++;
      await token.login(USER_PIN);
    });
    await unattended.generateKey('ec-p256', 'chain');
    await clerk.login(USER_PIN);
    const watcher = new TokenWatcher(pkcs11, 200, 200).start();
    try {
      const removed = next(watcher, 'removed', 'second-key');
      await hsm.pull('second-key');
      await removed;
      // while out: a typed TOKEN_NOT_PRESENT, each time, never a signature from somewhere else
      for (let i = 0; i < 2; i++) expect((await failure(unattended.sign('chain', Buffer.from('while out')))).code).toBe('TOKEN_NOT_PRESENT');
      expect((await failure(Promise.resolve().then(() => pkcs11.token({ label: 'second-key' }).sign('chain', Buffer.from('x'))))).code).toBe('TOKEN_NOT_PRESENT');

      const inserted = next(watcher, 'inserted', 'second-key');
      await hsm.plug('second-key');
      await inserted;
      await pkcs11.settling();
      // back, logged in by the appliance's secret, with no restart and nobody asking
      expect(unattended.isLoggedIn).toBe(true);
      expect((await unattended.sign('chain', Buffer.from('after'))).raw).toHaveLength(64);
      expect(opened).toBeGreaterThanOrEqual(2);
      // the clerk's login went with the re-initialisation: the PIN is typed again, and it signs
      expect(clerk.isLoggedIn).toBe(false);
      expect((await failure(clerk.sign('seal', Buffer.from('clerk')))).code).toBe('LOGIN_REQUIRED');
      await clerk.login(USER_PIN);
      expect((await clerk.sign('seal', Buffer.from('clerk'))).raw).toHaveLength(64);
    } finally {
      watcher.stop();
    }
  });

  it('a clerk’s key pulled while the unattended one is open: asked for again after re-insertion, it is found; the unattended one stays usable', async () => {
    const { pkcs11, hsm } = fixture;
    const clerk = pkcs11.token({ label: 'usb-key' });
    const unattended = pkcs11.token({ label: 'second-key' });
    await pkcs11.settling();
    if (!clerk.isLoggedIn) await clerk.login(USER_PIN);
    expect(unattended.isLoggedIn).toBe(true);
    await hsm.pull('usb-key');
    expect((await failure(clerk.sign('seal', Buffer.from('out')))).code).toBe('TOKEN_NOT_PRESENT');
    // asked for by serial, as each stamp does, while out: typed, and the unattended token is back in at once
    expect((await failure(Promise.resolve().then(() => pkcs11.token({ serial: clerk.serial })))).code).toBe('TOKEN_NOT_PRESENT');
    await pkcs11.settling();
    expect((await unattended.sign('chain', Buffer.from('meanwhile'))).raw).toHaveLength(64);

    await hsm.plug('usb-key');
    // before, the module was not re-initialised while another token was logged in: the key never came back
    const back = pkcs11.token({ serial: clerk.serial });
    expect(back).toBe(clerk);
    await back.login(USER_PIN);
    expect((await back.sign('seal', Buffer.from('back'))).raw).toHaveLength(64);
    await pkcs11.settling();
    expect(unattended.isLoggedIn).toBe(true);
    expect((await unattended.sign('chain', Buffer.from('still'))).raw).toHaveLength(64);
  });
});
