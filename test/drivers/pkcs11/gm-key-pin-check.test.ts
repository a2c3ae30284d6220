import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pkcs11js from 'pkcs11js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Pkcs11 } from '../../../drivers/pkcs11/pkcs11.js';
import { loginInChild } from '../../../drivers/pkcs11/pin-login.js';
import { sm2Verify } from '../../../drivers/pkcs11/sm2.js';
import { sm2PointOfSpki } from '../../../drivers/pkcs11/sm2-public-key.js';
import type { Token } from '../../../drivers/pkcs11/token.js';
import { startGmKey, type GmKey } from '../../../simulator/gm-key/gm-key.js';
import { failure } from '../../helpers/failure.js';
import { GM_USER_PIN, initGmToken } from '../../helpers/gm-key.js';

// The counter's PIN check on a GM USB key (no HMAC, so no PIN verifier): C_Login in a child
// process, a second PKCS#11 application, while the appliance's own login stays. The key locks
// after 3 wrong PINs; sealdesk's guard would allow 5, so the lock seen here is the key's own.
const run = promisify(execFile);
const root = fileURLToPath(new URL('../../..', import.meta.url));
const KEY_TRIES = 3;
const WRONG = '135790';
let key: GmKey;
let home: string;
let pkcs11: Pkcs11;
let token: Token;

/** The key's PIN flags as a fresh application sees them (what the key itself keeps). */
async function keyPinFlags(): Promise<{ countLow: boolean; finalTry: boolean; locked: boolean }> {
  const script = `
    import pkcs11js from 'pkcs11js';
    const lib = new pkcs11js.PKCS11();
    lib.load(process.argv[1]);
    lib.C_Initialize();
    const { flags } = lib.C_GetTokenInfo(lib.C_GetSlotList(true)[0]);
    lib.C_Finalize();
    console.log(JSON.stringify({ countLow: !!(flags & pkcs11js.CKF_USER_PIN_COUNT_LOW), finalTry: !!(flags & pkcs11js.CKF_USER_PIN_FINAL_TRY), locked: !!(flags & pkcs11js.CKF_USER_PIN_LOCKED) }));
  `;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script, key.modulePath], { cwd: root, env: { ...process.env, ...key.env } });
  return JSON.parse(stdout) as { countLow: boolean; finalTry: boolean; locked: boolean };
}

/** The appliance's own login signs a seal, and the signature verifies under the key's public key. */
async function signs(): Promise<boolean> {
  const message = Buffer.from('用印申请 2026-0815');
  const { signature } = await token.sign('seal', message);
  const point = sm2PointOfSpki((await token.publicKey('seal')).spki);
  return point !== undefined && sm2Verify(message, signature, point);
}

beforeAll(async () => {
  key = await startGmKey({ vendor: 'sansec', pinTries: KEY_TRIES });
  key.useInProcess();
  const lib = new pkcs11js.PKCS11();
  lib.load(key.modulePath);
  lib.C_Initialize();
  initGmToken(lib, 'gm-counter');
  lib.C_Finalize();
  lib.close();
  home = await mkdtemp(join(tmpdir(), 'sealdesk-gm-pin-check-'));
  pkcs11 = Pkcs11.open({ modulePaths: [key.modulePath], stateDir: home, maxPinTries: 5 });
  token = pkcs11.token({ label: 'gm-counter' });
  await token.login(GM_USER_PIN);
  await token.generateKey('sm2', 'seal');
}, 60_000);
afterAll(async () => {
  pkcs11?.close();
  await key?.close();
  await rm(home, { recursive: true, force: true });
});

describe('the PIN check on an open GM key (C_Login in a second application)', () => {
  it('the key has no HMAC verifier: the check goes to C_Login, not PIN_CHECK_UNAVAILABLE', () => {
    expect(token.isLoggedIn).toBe(true);
    expect(token.canCheckPin).toBe(false);
  });

  it('the right PIN passes and the appliance stays logged in: a seal signs after', async () => {
    await token.checkPin(GM_USER_PIN);
    expect(token.isLoggedIn).toBe(true);
    expect(await signs()).toBe(true);
    expect(await keyPinFlags()).toEqual({ countLow: false, finalTry: false, locked: false });
  }, 60_000);

  it('a wrong PIN is PIN_INCORRECT with tries left, the key counts it, and the appliance still signs', async () => {
    const wrong = await failure(token.checkPin(WRONG));
    expect({ code: wrong.code, status: wrong.status, triesLeft: wrong.details.triesLeft }).toEqual({ code: 'PIN_INCORRECT', status: 401, triesLeft: 4 });
    expect(await keyPinFlags()).toEqual({ countLow: true, finalTry: false, locked: false });
    // the appliance's own application sees the key's one counter too
    expect(token.info().flags.userPinCountLow).toBe(true);
    expect(token.isLoggedIn).toBe(true);
    expect(await signs()).toBe(true);
    // the right PIN restores the key's tries and clears the guard
    await token.checkPin(GM_USER_PIN);
    expect(await keyPinFlags()).toEqual({ countLow: false, finalTry: false, locked: false });
    expect(pkcs11.guard.failures(token.serial)).toBe(0);
  }, 120_000);

  it('a PIN of a length the key refuses is PIN_POLICY, and no try is spent', async () => {
    const guardBefore = pkcs11.guard.failures(token.serial);
    expect((await failure(token.checkPin('1'))).code).toBe('PIN_POLICY');
    expect(pkcs11.guard.failures(token.serial)).toBe(guardBefore);
  });

  it('at the key\'s limit: one try left when the key says so, then PIN_LOCKED, even for the right PIN; the open login still signs', async () => {
    expect((await failure(token.checkPin(WRONG))).details.triesLeft).toBe(4);
    const last = await failure(token.checkPin(WRONG));
    expect({ code: last.code, triesLeft: last.details.triesLeft }).toEqual({ code: 'PIN_INCORRECT', triesLeft: 1 });
    expect((await keyPinFlags()).finalTry).toBe(true);
    expect((await failure(token.checkPin(WRONG))).code).toBe('PIN_LOCKED');
    expect((await keyPinFlags()).locked).toBe(true);
    expect((await failure(token.checkPin(GM_USER_PIN))).code).toBe('PIN_LOCKED');
    expect(token.isLoggedIn).toBe(true);
    expect(await signs()).toBe(true);
    // the appliance writing the key (a new key pair) keeps the lock another application set
    await token.generateKey('sm2', 'after-lock');
    expect(token.info().flags.userPinLocked).toBe(true);
    expect((await keyPinFlags()).locked).toBe(true);
  }, 180_000);

  it('a key the child cannot find answers absent; a child that outlives its time limit is killed: DEVICE_TIMEOUT', async () => {
    expect(await loginInChild(key.modulePath, 'NO-SUCH-SERIAL', GM_USER_PIN)).toEqual({ result: 'absent' });
    const late = await failure(loginInChild(key.modulePath, token.serial, GM_USER_PIN, { timeoutMs: 1, token: 'gm-counter' }));
    expect({ code: late.code, device: late.details.device }).toEqual({ code: 'DEVICE_TIMEOUT', device: 'gm-counter' });
  }, 60_000);
});
