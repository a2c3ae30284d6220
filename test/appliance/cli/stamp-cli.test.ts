import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outboxPath } from '../../../appliance/ledger/ledger-config.js';
import { Outbox } from '../../../appliance/ledger/outbox/outbox.js';
import { runCli, type CliResult } from '../../helpers/cli.js';
import { pdfLibDocument } from '../pdf/make-pdf.js';

// The clerk's two commands as processes, on the SoftHSM instance sealdesk keeps under SEALDESK_HOME:
// an administrator sets up token, dev CA and seal; the clerk stamps; anyone verifies.
const SO_PIN = '3141592653';
const PIN = '2718281828';
let home: string;
let env: NodeJS.ProcessEnv;
let sealId = '';

function cli(args: string[], extra: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return runCli(args, { ...env, ...extra });
}

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'sealdesk-stamp-cli-'));
  env = { SEALDESK_HOME: home, SOFTHSM2_CONF: '', SEALDESK_PKCS11_MODULE: '', SEALDESK_VERIFY_URL: 'https://verify.example.cn/check' };
  expect((await cli(['token', 'init', '--free', '--label', 'seal-token'], { SEALDESK_SO_PIN: SO_PIN })).code).toBe(0);
  expect((await cli(['token', 'init-pin', '--token', 'seal-token'], { SEALDESK_SO_PIN: SO_PIN, SEALDESK_PIN: PIN })).code).toBe(0);
  expect((await cli(['ca', 'init', '--token', 'seal-token', '--org', '西湖区数据资源管理局', '--crl-url', 'http://127.0.0.1:8443'], { SEALDESK_PIN: PIN })).code).toBe(0);
  const created = await cli(
    ['seal', 'create', '--token', 'seal-token', '--name', '行政审批专用章', '--type', 'business', '--org', '杭州市西湖区行政审批服务管理局', '--uscc', '11330106002489166C', '--json'],
    { SEALDESK_PIN: PIN },
  );
  expect(created.code).toBe(0);
  sealId = (JSON.parse(created.stdout) as { id: string }).id;
  await pdfLibDocument(home, 'in.pdf', 2);
}, 60_000);
afterAll(async () => rm(home, { recursive: true, force: true }));

describe('sealdesk stamp / verify', () => {
  it('stamp --json gives the seal event; verify says valid in both languages, exit 0', async () => {
    const out = join(home, 'out.pdf');
    const stamped = await cli(['stamp', join(home, 'in.pdf'), '-o', out, '--seal', sealId, '--page', '2', '--x', '380', '--y', '90', '--json'], { SEALDESK_PIN: PIN });
    expect(stamped.stderr).toBe('');
    expect(stamped.code).toBe(0);
    expect(JSON.parse(stamped.stdout)).toMatchObject({ output: out, sealId, level: 'B-B', page: 2, verificationUrl: expect.stringMatching(/^https:\/\/verify\.example\.cn\/check\?doc=[0-9a-f]{64}&event=/) });

    const verified = await cli(['verify', out]);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toContain('签名 1 (Signature1)：有效 — PAdES B-B');
    expect(verified.stdout).toContain(`印章：杭州市西湖区行政审批服务管理局 行政审批专用章 (${sealId}, 签章时状态 active)`);
    expect(verified.stdout).toContain('Result: every signature is valid.');
  });

  it('a CLI stamp is audited (the OS user, role cli) and its seal event waits in the outbox; a refused one is audited too', async () => {
    const out = join(home, 'audited.pdf');
    const stamped = await cli(['stamp', join(home, 'in.pdf'), '-o', out, '--seal', sealId, '--x', '100', '--y', '100', '--json'], { SEALDESK_PIN: PIN, SEALDESK_OPERATOR: 'clerk-wang' });
    expect(stamped.code).toBe(0);
    const { eventId, documentHash } = JSON.parse(stamped.stdout) as { eventId: string; documentHash: string };
    const refused = await cli(['stamp', join(home, 'in.pdf'), '-o', join(home, 'refused.pdf'), '--seal', sealId, '--x', '100', '--y', '100'], { SEALDESK_PIN: '000000', SEALDESK_OPERATOR: 'clerk-wang' });
    expect(refused.code).toBe(1);

    const listed = await cli(['audit', 'list', '--action', 'stamp', '--desc', '--limit', '2', '--json']);
    expect(listed.code).toBe(0);
    const [failedEntry, okEntry] = JSON.parse(listed.stdout) as Array<{ actor: { id: string; role: string }; target: string; outcome: string; errorCode: string | null; details: Record<string, unknown> }>;
    expect(okEntry).toMatchObject({ actor: { id: 'clerk-wang', role: 'cli' }, target: sealId, outcome: 'ok', details: { sealId, eventId } });
    expect(failedEntry).toMatchObject({ actor: { id: 'clerk-wang', role: 'cli' }, outcome: 'failed', errorCode: 'PIN_INCORRECT' });

    const outbox = Outbox.open(outboxPath(home));
    try {
      expect(outbox.event(eventId)).toMatchObject({ kind: 'stamped', sealId, documentHash, operatorId: 'clerk-wang', format: 'pdf' });
    } finally {
      outbox.close();
    }
  }, 150_000); // three CLI processes, each seconds to start on a busy machine

  it('verify: a tampered copy exits 1, a file in no document format exits 2 (DOCUMENT_FORMAT_UNSUPPORTED)', async () => {
    const bytes = await readFile(join(home, 'out.pdf'));
    const at = bytes.indexOf('/ModDate (D:2', 0, 'latin1') + 13;
    bytes[at] = bytes[at] === 0x39 ? 0x38 : bytes[at]! + 1;
    await writeFile(join(home, 'tampered.pdf'), bytes);
    await writeFile(join(home, 'garbage.pdf'), 'not a pdf\n'.repeat(20));
    const [tampered, garbage] = await Promise.all([cli(['verify', join(home, 'tampered.pdf'), '--json']), cli(['verify', join(home, 'garbage.pdf'), '--lang', 'en'])]);
    expect(tampered.code).toBe(1);
    expect((JSON.parse(tampered.stdout) as { status: string }).status).toBe('invalid');
    expect(garbage.code).toBe(2);
    expect(garbage.stderr).toContain('error DOCUMENT_FORMAT_UNSUPPORTED');
  });

  it('wrong PIN: PIN_INCORRECT and no output file', async () => {
    const out = join(home, 'never.pdf');
    const result = await cli(['stamp', join(home, 'in.pdf'), '-o', out, '--seal', sealId, '--x', '100', '--y', '100'], { SEALDESK_PIN: '000000' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error PIN_INCORRECT');
    expect(existsSync(out)).toBe(false);
  });

  it('--batch: every good PDF stamped, the broken one reported, exit 1', async () => {
    const batch = join(home, 'batch');
    await mkdir(batch);
    for (const name of ['a.pdf', 'b.pdf', 'd.pdf']) await copyFile(join(home, 'in.pdf'), join(batch, name));
    await writeFile(join(batch, 'c.pdf'), 'broken\n');
    const result = await cli(['stamp', '--batch', batch, '-o', join(home, 'stamped'), '--seal', sealId, '--x', '100', '--y', '100', '--json'], { SEALDESK_PIN: PIN });
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { stamped: number; failed: number; items: Array<{ input: string; ok: boolean; error?: { code: string } }> };
    expect([report.stamped, report.failed]).toEqual([3, 1]);
    expect(report.items.map((i) => [i.input.slice(batch.length + 1), i.ok, i.error?.code])).toEqual([
      ['a.pdf', true, undefined],
      ['b.pdf', true, undefined],
      ['c.pdf', false, 'DOCUMENT_FORMAT_UNSUPPORTED'],
      ['d.pdf', true, undefined],
    ]);
    expect(existsSync(join(home, 'stamped', 'd.pdf'))).toBe(true);
    expect(existsSync(join(home, 'stamped', 'c.pdf'))).toBe(false);
  });
});
