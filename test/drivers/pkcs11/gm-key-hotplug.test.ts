import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pkcs11js from 'pkcs11js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenWatcher, type TokenEvent } from '../../../drivers/pkcs11/hotplug.js';
import { Pkcs11 } from '../../../drivers/pkcs11/pkcs11.js';
import { startGmKey, type GmKey } from '../../../simulator/gm-key/gm-key.js';
import { failure } from '../../helpers/failure.js';
import { GM_USER_PIN, initGmToken } from '../../helpers/gm-key.js';

// The token layer on a GM USB key (the simulated one, Luna numbering) pulled and put back: the
// same path as SoftHSM's hot-plug test, through a module that reports slot events itself.
let key: GmKey;
let home: string;
let pkcs11: Pkcs11;

beforeAll(async () => {
  key = await startGmKey({ vendor: 'luna' });
  key.useInProcess();
  const lib = new pkcs11js.PKCS11();
  lib.load(key.modulePath);
  lib.C_Initialize();
  initGmToken(lib, 'gm-usb-key');
  lib.C_Finalize();
  lib.close();
  home = await mkdtemp(join(tmpdir(), 'sealdesk-gmkey-home-'));
  pkcs11 = Pkcs11.open({ modulePaths: [key.modulePath], stateDir: home, maxPinTries: 5 });
});
afterAll(async () => {
  pkcs11?.close();
  await key?.close();
  await rm(home, { recursive: true, force: true });
});

function next(watcher: TokenWatcher, event: 'inserted' | 'removed'): Promise<TokenEvent> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "${event}" event within 2 s`)), 2000);
    watcher.once(event, (e: TokenEvent) => {
      clearTimeout(timer);
      resolve(e);
    });
  });
}

describe('a GM USB key pulled and put back', () => {
  it('pulled: TOKEN_NOT_PRESENT and the login gone; put back: log in again', async () => {
    const token = pkcs11.token({ label: 'gm-usb-key' });
    await token.login(GM_USER_PIN);
    expect(await token.keys()).toEqual([]);
    await key.pull();
    expect((await failure(token.keys())).code).toBe('TOKEN_NOT_PRESENT');
    expect(token.isLoggedIn).toBe(false);
    await key.plug();
    await token.login(GM_USER_PIN);
    expect(token.isLoggedIn).toBe(true);
    await token.logout();
  });

  it('the watcher reports the pull and the return within 2 s, with the same serial', async () => {
    const watcher = new TokenWatcher(pkcs11, 300).start();
    try {
      expect(watcher.present.map((t) => t.label)).toEqual(['gm-usb-key']);
      const removed = next(watcher, 'removed');
      await key.pull();
      const gone = await removed;
      expect(gone.label).toBe('gm-usb-key');
      const inserted = next(watcher, 'inserted');
      await key.plug();
      expect((await inserted).serial).toBe(gone.serial);
    } finally {
      watcher.stop();
    }
  });
});
