import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, SEALDESK_BIN, type CliResult } from '../../helpers/cli.js';

// The administrator's whole token workflow through the real `sealdesk` command, on the SoftHSM
// instance sealdesk keeps under SEALDESK_HOME when no module is configured (what `npm start` uses).
const SO_PIN = '5271903846';
const PIN = '8403166529';
const NEW_PIN = '9918273645';

let home: string;
let env: NodeJS.ProcessEnv;
const transcript: CliResult[] = [];

async function cli(args: string[], extra: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  const result = await runCli(args, { ...env, ...extra });
  transcript.push(result);
  return result;
}

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'sealdesk-cli-'));
  env = { SEALDESK_HOME: home, SOFTHSM2_CONF: '', SEALDESK_PKCS11_MODULE: '' };
});
afterAll(async () => rm(home, { recursive: true, force: true }));

describe('sealdesk token (administrator workflow)', () => {
  it('list shows the blank slot of a fresh installation', async () => {
    const listed = await cli(['token', 'list', '--json']);
    expect(listed.code).toBe(0);
    const slots = JSON.parse(listed.stdout) as Array<{ token?: { flags: { initialized: boolean } } }>;
    expect(slots).toHaveLength(1);
    expect(slots[0]?.token?.flags.initialized).toBe(false);
    // SoftHSM state went under SEALDESK_HOME, nowhere else
    expect((await stat(join(home, 'softhsm', 'softhsm2.conf'))).isFile()).toBe(true);
  });

  it('init → init-pin → keygen → keys: a ready seal token', async () => {
    const init = await cli(['token', 'init', '--free', '--label', '西湖区审批局', '--json'], { SEALDESK_SO_PIN: SO_PIN });
    expect(init.code).toBe(0);
    expect(JSON.parse(init.stdout)).toMatchObject({ label: '西湖区审批局', flags: { initialized: true } });

    expect((await cli(['token', 'init-pin', '--token', '西湖区审批局'], { SEALDESK_SO_PIN: SO_PIN, SEALDESK_PIN: PIN })).code).toBe(0);
    const keygen = await cli(['token', 'keygen', '--token', '西湖区审批局', '--type', 'ec-p256', '--label', '行政审批专用章'], { SEALDESK_PIN: PIN });
    expect(keygen.stdout).toContain('行政审批专用章');
    expect(keygen.code).toBe(0);

    const publicOnly = await cli(['token', 'keys', '--token', '西湖区审批局', '--json']);
    expect(JSON.parse(publicOnly.stdout)).toEqual([expect.objectContaining({ label: '行政审批专用章', hasPrivateKey: false, hasPublicKey: true })]);
    const withLogin = await cli(['token', 'keys', '--token', '西湖区审批局', '--json'], { SEALDESK_PIN: PIN });
    expect(JSON.parse(withLogin.stdout)).toEqual([
      expect.objectContaining({ label: '行政审批专用章', type: 'ec-p256', hasPrivateKey: true, sensitive: true, extractable: false }),
    ]);

    const list = await cli(['token', 'list']);
    expect(list.stdout).toMatch(/西湖区审批局\s+[0-9a-f]{16}\s+SoftHSM project\s+SoftHSM v2\s+initialized,login-required,pin-initialized/);
  });

  it('a wrong PIN fails with exit 1 and says so in Chinese and English, with the tries left', async () => {
    const wrong = await cli(['token', 'keygen', '--token', '西湖区审批局', '--type', 'ec-p256', '--label', 'x'], { SEALDESK_PIN: '0000000000' });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('错误 PIN_INCORRECT：口令错误，还可尝试 4 次。');
    expect(wrong.stderr).toContain('error PIN_INCORRECT: Wrong PIN; 4 tries left.');
    const asJson = await cli(['token', 'keys', '--token', '西湖区审批局', '--json'], { SEALDESK_PIN: '0000000000' });
    expect(asJson.code).toBe(1);
    expect(JSON.parse(asJson.stdout).error).toMatchObject({ code: 'PIN_INCORRECT', details: { triesLeft: 3 } });
  });

  it('change-pin, then lock with wrong PINs, then unblock with the SO PIN', async () => {
    expect((await cli(['token', 'change-pin', '--token', '西湖区审批局'], { SEALDESK_PIN: PIN, SEALDESK_NEW_PIN: NEW_PIN })).code).toBe(0);
    expect((await cli(['token', 'keys', '--token', '西湖区审批局'], { SEALDESK_PIN: PIN })).code).toBe(1);
    expect((await cli(['token', 'keys', '--token', '西湖区审批局'], { SEALDESK_PIN: NEW_PIN })).code).toBe(0);
    let last: CliResult | undefined;
    for (let i = 0; i < 5; i++) last = await cli(['token', 'keys', '--token', '西湖区审批局', '--json'], { SEALDESK_PIN: '1111111111' });
    expect(JSON.parse(last!.stdout).error.code).toBe('PIN_LOCKED');
    const locked = await cli(['token', 'keys', '--token', '西湖区审批局'], { SEALDESK_PIN: NEW_PIN });
    expect(locked.stderr).toContain('PIN_LOCKED');
    expect(locked.stderr).toContain('SO PIN');
    expect((await cli(['token', 'unblock', '--token', '西湖区审批局'], { SEALDESK_SO_PIN: SO_PIN, SEALDESK_NEW_PIN: PIN })).code).toBe(0);
    expect((await cli(['token', 'keys', '--token', '西湖区审批局'], { SEALDESK_PIN: PIN })).code).toBe(0);
  });

  it('usage errors exit 2: unknown command or option, a PIN on the command line, bad values, no token named', async () => {
    for (const args of [
      ['token', 'bogus'],
      ['token', 'keygen', '--type', 'ec-p999', '--label', 'x'],
      ['token', 'keys', '--pin', PIN],
      ['token', 'init', '--label', 'no-slot-said'],
      ['token', 'keys', '--slot', 'abc'],
    ]) {
      const result = await cli(args, { SEALDESK_SO_PIN: SO_PIN });
      expect(result.code, args.join(' ')).toBe(2);
    }
  });

  it('failures a user can meet exit 1 with a typed error', async () => {
    const missingModule = await cli(['token', 'list', '--module', '/nonexistent/libvendor-pkcs11.so']);
    expect(missingModule.code).toBe(1);
    expect(missingModule.stderr).toContain('MODULE_NOT_FOUND');
    expect(missingModule.stderr).toContain('/nonexistent/libvendor-pkcs11.so');

    const noToken = await cli(['token', 'keys', '--token', 'not-plugged-in']);
    expect(noToken.code).toBe(1);
    expect(noToken.stderr).toContain('TOKEN_NOT_PRESENT');

    // no PIN in the environment and no terminal to ask on
    const noPin = await cli(['token', 'keygen', '--token', '西湖区审批局', '--type', 'ec-p256', '--label', 'y']);
    expect(noPin.code).toBe(1);
    expect(noPin.stderr).toContain('PIN_REQUIRED');
    expect(noPin.stderr).toContain('SEALDESK_PIN');

    const exists = await cli(['token', 'keygen', '--token', '西湖区审批局', '--type', 'ec-p256', '--label', '行政审批专用章'], { SEALDESK_PIN: PIN });
    expect(exists.code).toBe(1);
    expect(exists.stderr).toContain('KEY_EXISTS');
  });

  it('with two tokens and no --token, the CLI refuses to guess', async () => {
    expect((await cli(['token', 'init', '--free', '--label', 'second'], { SEALDESK_SO_PIN: SO_PIN })).code).toBe(0);
    const ambiguous = await cli(['token', 'keys']);
    expect(ambiguous.code).toBe(1);
    expect(ambiguous.stderr).toContain('TOKEN_AMBIGUOUS');
  });

  it('no PIN used in this run appears in any output or any file sealdesk wrote', async () => {
    const pins = [SO_PIN, PIN, NEW_PIN, '0000000000', '1111111111'];
    const outputs = transcript.map((r) => r.stdout + r.stderr).join('\n');
    expect(outputs.length).toBeGreaterThan(1000);
    for (const pin of pins) expect(outputs).not.toContain(pin);
    const files: string[] = [];
    const walk = async (dir: string): Promise<void> => {
      for (const entry of await readdir(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) await walk(path);
        else files.push(path);
      }
    };
    await walk(home);
    expect(files.some((f) => f.endsWith('pin-tries.json'))).toBe(true);
    for (const file of files) {
      const content = (await readFile(file)).toString('latin1');
      for (const pin of pins) expect(content.includes(pin), `${file} holds a PIN`).toBe(false);
    }
  });
});

describe('sealdesk serve', () => {
  it('reports the token layer ready and serves, reports a key inserted meanwhile, and stops cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, [SEALDESK_BIN, 'serve', '--port', '0'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    const waitFor = async (pattern: RegExp, ms = 20_000) => {
      const deadline = Date.now() + ms;
      while (!pattern.test(out)) {
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`no ${pattern} in:\n${out}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    try {
      await waitFor(/sealdesk: token layer ready \(2 tokens\)/);
      expect(out).toContain('token "西湖区审批局"');
      await waitFor(/sealdesk: serving http:\/\/127\.0\.0\.1:\d+/);
      const url = /sealdesk: serving (\S+)/.exec(out)![1]!;
      const health = await fetch(`${url}/health`);
      expect(health.status).toBeLessThan(600);
      expect(await health.json()).toHaveProperty('token');
      await cli(['token', 'init', '--free', '--label', 'plugged-later'], { SEALDESK_SO_PIN: SO_PIN });
      await waitFor(/token inserted: "plugged-later"/);
    } finally {
      child.kill('SIGTERM');
    }
    const code = await new Promise((r) => child.on('close', r));
    expect(code).toBe(0);
    expect(out).toContain('sealdesk: stopped');
  });
});
