import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../../appliance/audit/audit-log.js';
import { outboxPath } from '../../../appliance/ledger/ledger-config.js';
import { Outbox } from '../../../appliance/ledger/outbox/outbox.js';
import { runCli, type CliResult } from '../../helpers/cli.js';
import { openTokenFixture, USER_PIN, type TokenFixture } from '../../helpers/softhsm.js';
import { sampleEntry, tamper } from './helpers.js';

// `sealdesk audit` as an auditor runs it: the real command in a child process, a real SoftHSM
// token holding the terminal's chain key for checkpoints.
let tokens: TokenFixture;
let env: NodeJS.ProcessEnv;

const cli = (args: string[], extra: NodeJS.ProcessEnv = {}): Promise<CliResult> => runCli(['audit', ...args], { ...env, ...extra });

beforeAll(async () => {
  tokens = await openTokenFixture(['terminal']);
  const token = tokens.pkcs11.token({ label: 'terminal' });
  await token.login(USER_PIN);
  await token.generateKey('secp256k1', 'chain');
  env = {
    SEALDESK_HOME: tokens.home,
    SOFTHSM2_CONF: tokens.hsm.confPath,
    SEALDESK_PKCS11_MODULE: tokens.hsm.modulePath,
    SEALDESK_PIN: USER_PIN,
    SEALDESK_TERMINAL_ID: 'counter-07',
  };
  const log = AuditLog.open(tokens.home);
  for (let i = 0; i < 25; i++) log.append(sampleEntry(i));
  log.close();
});
afterAll(async () => {
  await tokens?.close();
});

describe('sealdesk audit', () => {
  it('list: a table, or JSON; filtered and paged', async () => {
    const table = await cli(['list', '--action', 'stamp']);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/^seq\s+time\s+action\s+actor/);
    expect(table.stdout).toMatch(/\n13\s+\S+\s+stamp\s+clerk5\s+clerk\s+org-0\s+job-12\s+ok\s+pages=3 triesLeft=3/);
    const json = await cli(['list', '--from', '20', '--limit', '3', '--json']);
    expect((JSON.parse(json.stdout) as Array<{ seq: number }>).map((e) => e.seq)).toEqual([20, 21, 22]);
    const org = await cli(['list', '--org', 'org-2', '--desc', '--limit', '2', '--json']);
    expect((JSON.parse(org.stdout) as Array<{ seq: number }>).map((e) => e.seq)).toEqual([24, 21]);
    expect((await cli(['list', '--limit', 'many'])).code).toBe(2);
    expect((await cli(['list', '--action', 'seal.delete'])).code).toBe(2);
  });

  it('verify: exit 0 with the verdict in Chinese and English', async () => {
    const result = await cli(['verify']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('✓ 哈希链完整');
    expect(result.stdout).toContain('✓ The hash chain is intact');
    expect(result.stdout).toContain('结论：未发现篡改。');
    expect(result.stdout).toContain('Result: no tampering found.');
    const en = await cli(['verify', '--lang', 'en']);
    expect(en.stdout).not.toMatch(/[\u4e00-\u9fff]/);
  });

  it('checkpoint: the head goes to the outbox, signed by the chain key on the token; verify then rests on it', async () => {
    const result = await cli(['checkpoint', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const checkpoint = JSON.parse(result.stdout) as { seq: number; hash: string; eventId: string; created: boolean };
    expect(checkpoint).toMatchObject({ seq: 25, created: true });
    const outbox = Outbox.open(outboxPath(tokens.home));
    expect(outbox.event(checkpoint.eventId)).toMatchObject({ kind: 'audit-checkpoint', sealId: 'audit:25', documentHash: checkpoint.hash, terminalId: 'counter-07' });
    outbox.close();
    const again = await cli(['checkpoint']);
    expect(again.stdout).toContain('#25 is already checkpointed');
    const verify = JSON.parse((await cli(['verify', '--json'])).stdout) as { ok: boolean; witnessedUpTo: number; checkpoints: Array<{ status: string }> };
    expect(verify).toMatchObject({ ok: true, witnessedUpTo: 25, checkpoints: [{ status: 'ok' }] });
  });

  it('checkpoint without a PIN (none set, no terminal to type it) fails typed, exit 1', async () => {
    const log = AuditLog.open(tokens.home);
    log.append(sampleEntry(25));
    log.close();
    const result = await cli(['checkpoint'], { SEALDESK_PIN: '' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('PIN_REQUIRED');
  });

  it('verify: exit 1 and the place of the tampering once an entry is edited in SQLite', async () => {
    tamper(tokens.home, (db) => db.prepare("UPDATE entries SET outcome = 'ok', error_code = NULL WHERE seq = 6").run());
    const result = await cli(['verify']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('✗ 第 6 条内容被修改。');
    expect(result.stdout).toContain('✗ Entry #6 was edited.');
    expect(result.stdout).toContain('Result: the audit log has been tampered with');
    const json = await cli(['verify', '--json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, firstBad: { seq: 6, problem: 'edited', detectedBy: 'chain' } });
  });

  it('verify: exit 2 when the log cannot be read at all', async () => {
    const home = await mkdtemp(join(tokens.home, 'broken-'));
    await writeFile(join(home, 'audit.db'), 'this is not a database, just text long enough to be read as a header');
    const result = await cli(['verify'], { SEALDESK_HOME: home });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('AUDIT_UNAVAILABLE');
    const json = await cli(['verify', '--json'], { SEALDESK_HOME: home });
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toMatchObject({ error: { code: 'AUDIT_UNAVAILABLE' } });
    expect(existsSync(join(home, 'ledger'))).toBe(false);
  });
});
