import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGmKey, type GmKey } from '../../../simulator/gm-key/gm-key.js';
import { runCli, type CliResult } from '../../helpers/cli.js';

// The administrator's token commands against a GM USB key: the simulated one, configured as a
// vendor module is (SEALDESK_PKCS11_MODULE), its PIN counter its own.
const SO_PIN = '87654321';
const PIN = '246810';
const NEW_PIN = '135790';

let key: GmKey;
let home: string;
let env: NodeJS.ProcessEnv;

function cli(args: string[], extra: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return runCli(args, { ...env, ...extra });
}

/** The error a `--json` command reported (on stdout, as machine-readable output). */
function errorOf(result: CliResult): { code: string; details: Record<string, unknown> } {
  return (JSON.parse(result.stdout) as { error: { code: string; details: Record<string, unknown> } }).error;
}

beforeAll(async () => {
  key = await startGmKey({ vendor: 'tass', pinTries: 3 });
  home = await mkdtemp(join(tmpdir(), 'sealdesk-gmkey-cli-'));
  env = { ...key.env, SEALDESK_HOME: home, SEALDESK_PKCS11_MODULE: key.modulePath, SOFTHSM2_CONF: '' };
});
afterAll(async () => {
  await key.close();
  await rm(home, { recursive: true, force: true });
});

describe('sealdesk token on a GM USB key', () => {
  it('lists the key with its vendor, initialises it and sets the user PIN', async () => {
    const blank = await cli(['token', 'list', '--json']);
    expect(blank.code).toBe(0);
    const slots = JSON.parse(blank.stdout) as Array<{ token?: { manufacturer: string; model: string; flags: { initialized: boolean } } }>;
    expect(slots).toHaveLength(1);
    expect(slots[0]?.token).toMatchObject({ manufacturer: 'TASS (sealdesk simulated)', model: 'GM-KEY-SIM', flags: { initialized: false } });

    const init = await cli(['token', 'init', '--free', '--label', '国密印章', '--json'], { SEALDESK_SO_PIN: SO_PIN });
    expect(init.code).toBe(0);
    expect(JSON.parse(init.stdout)).toMatchObject({ label: '国密印章', flags: { initialized: true } });
    expect((await cli(['token', 'init-pin', '--token', '国密印章'], { SEALDESK_SO_PIN: SO_PIN, SEALDESK_PIN: PIN })).code).toBe(0);

    const list = await cli(['token', 'list']);
    expect(list.stdout).toMatch(/国密印章\s+[0-9A-F]{16}\s+TASS \(sealdesk simulated\)\s+GM-KEY-SIM\s+initialized,login-required,pin-initialized/);
    const keys = await cli(['token', 'keys', '--token', '国密印章', '--json'], { SEALDESK_PIN: PIN });
    expect(keys.code).toBe(0);
    expect(JSON.parse(keys.stdout)).toEqual([]);
  });

  it("locks on the key's own counter and is unblocked with the SO PIN", async () => {
    const wrong = await cli(['token', 'keys', '--token', '国密印章', '--json'], { SEALDESK_PIN: '000000' });
    expect(wrong.code).not.toBe(0);
    expect(errorOf(wrong).code).toBe('PIN_INCORRECT');
    expect((await cli(['token', 'list'])).stdout).toContain('pin-count-low');
    // PKCS#11 tells no count, only "final try": sealdesk says so before the key's last chance
    const last = await cli(['token', 'keys', '--token', '国密印章', '--json'], { SEALDESK_PIN: '111111' });
    expect(errorOf(last)).toMatchObject({ code: 'PIN_INCORRECT', details: { triesLeft: 1 } });
    const lockedNow = await cli(['token', 'keys', '--token', '国密印章', '--json'], { SEALDESK_PIN: '222222' });
    expect(errorOf(lockedNow).code).toBe('PIN_LOCKED');
    const locked = await cli(['token', 'keys', '--token', '国密印章', '--json'], { SEALDESK_PIN: PIN });
    expect(locked.code).not.toBe(0);
    expect(errorOf(locked).code).toBe('PIN_LOCKED');
    expect((await cli(['token', 'list'])).stdout).toContain('pin-locked');

    const unblock = await cli(['token', 'unblock', '--token', '国密印章'], { SEALDESK_SO_PIN: SO_PIN, SEALDESK_NEW_PIN: NEW_PIN });
    expect(unblock.code).toBe(0);
    expect((await cli(['token', 'keys', '--token', '国密印章', '--json'], { SEALDESK_PIN: NEW_PIN })).code).toBe(0);
    expect((await cli(['token', 'list'])).stdout).not.toMatch(/pin-locked|pin-count-low/);
  });

  it('reports the key missing when it is pulled, and finds it again when plugged back', async () => {
    await key.pull();
    const gone = await cli(['token', 'keys', '--token', '国密印章', '--json'], { SEALDESK_PIN: NEW_PIN });
    expect(gone.code).not.toBe(0);
    expect(errorOf(gone).code).toBe('TOKEN_NOT_PRESENT');
    await key.plug();
    const back = await cli(['token', 'keys', '--token', '国密印章', '--json'], { SEALDESK_PIN: NEW_PIN });
    expect(back.stdout + back.stderr).toBe('[]\n');
    expect(back.code).toBe(0);
  });
});
