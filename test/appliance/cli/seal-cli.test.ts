import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../../helpers/cli.js';

// A seal administrator's day through the real `sealdesk` command, on the SoftHSM instance
// sealdesk keeps under SEALDESK_HOME: token → dev CA → seal → image → suspend/resume/revoke → CRL.
const SO_PIN = '3141592653';
const PIN = '2718281828';
const ORG = '杭州市西湖区行政审批服务管理局';
const USCC = '11330106002489166C';
const run = promisify(execFile);

let home: string;
let env: NodeJS.ProcessEnv;
let sealId = '';

function cli(args: string[], extra: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return runCli(args, { ...env, ...extra });
}

function json<T>(result: CliResult): T {
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as T;
}

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'sealdesk-seal-cli-'));
  env = { SEALDESK_HOME: home, SOFTHSM2_CONF: '', SEALDESK_PKCS11_MODULE: '' };
  expect((await cli(['token', 'init', '--free', '--label', 'seal-token'], { SEALDESK_SO_PIN: SO_PIN })).code).toBe(0);
  expect((await cli(['token', 'init-pin', '--token', 'seal-token'], { SEALDESK_SO_PIN: SO_PIN, SEALDESK_PIN: PIN })).code).toBe(0);
});
afterAll(async () => rm(home, { recursive: true, force: true }));

describe('sealdesk seal / ca (administrator workflow)', () => {
  it('ca init puts the CA key on the token and writes the root certificate', async () => {
    const ca = json<{ keyLabel: string; crlUrl: string; root: { subject: string; path: string } }>(
      await cli(['ca', 'init', '--token', 'seal-token', '--org', '西湖区数据资源管理局', '--crl-url', 'http://hall.example.cn:8443', '--json'], { SEALDESK_PIN: PIN }),
    );
    expect(ca).toMatchObject({ keyLabel: 'seal-ca', crlUrl: 'http://hall.example.cn:8443/ca/seal-ca.crl' });
    expect(ca.root.subject).toContain('O=西湖区数据资源管理局');
    expect((await run('openssl', ['x509', '-in', ca.root.path, '-noout', '-subject'])).stdout).toContain('dev seal CA');
  });

  it('seal create: key generated on the token, dev CA certificate, generated image', async () => {
    const bad = await cli(['seal', 'create', '--token', 'seal-token', '--name', '行政审批专用章', '--type', 'business', '--org', ORG, '--uscc', '11330106002489166D'], { SEALDESK_PIN: PIN });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('错误 USCC_INVALID：统一社会信用代码无效');
    const created = json<{ id: string; status: string; key: { keyLabel: string; tokenLabel: string }; organisation: { uscc: string } }>(
      await cli(['seal', 'create', '--token', 'seal-token', '--name', '行政审批专用章', '--type', 'business', '--org', ORG, '--uscc', USCC, '--code', '3301060012345', '--json'], { SEALDESK_PIN: PIN }),
    );
    expect(created).toMatchObject({ status: 'active', key: { keyLabel: '行政审批专用章', tokenLabel: 'seal-token' }, organisation: { uscc: USCC } });
    sealId = created.id;
  });

  it('list and show: the seal, its key location and a certificate chain OpenSSL verifies', async () => {
    const table = await cli(['seal', 'list']);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(new RegExp(`${sealId}\\s+行政审批专用章\\s+业务专用章\\s+${ORG}\\s+${USCC}\\s+seal-token\\s+行政审批专用章\\s+active`));

    const shown = json<{ certificateChain: string[]; history: Array<{ status: string }> }>(await cli(['seal', 'show', sealId, '--json']));
    expect(shown.certificateChain).toHaveLength(2);
    await writeFile(join(home, 'seal.pem'), shown.certificateChain[0] as string);
    await writeFile(join(home, 'root.pem'), shown.certificateChain[1] as string);
    const verified = await run('openssl', ['verify', '-CAfile', join(home, 'root.pem'), join(home, 'seal.pem')]);
    expect(verified.stdout.trim()).toBe(`${join(home, 'seal.pem')}: OK`);
    expect(shown.history.map((h) => h.status)).toEqual(['active']);
  });

  it('image writes the seal PNG: red ring, transparent corners', async () => {
    const out = join(home, 'seal.png');
    const result = json<{ width: number; height: number }>(await cli(['seal', 'image', sealId, '-o', out, '--json']));
    expect(result).toMatchObject({ width: 480, height: 480 });
    const img = PNG.sync.read(await readFile(out));
    const at = (x: number, y: number) => img.data.subarray((y * img.width + x) * 4, (y * img.width + x) * 4 + 4);
    expect(at(0, 0)[3]).toBe(0);
    const ring = at(240, Math.round(240 - (0.95 - 0.029) * 240)); // top of the ring
    expect([ring[0]! > 150, ring[1]! < 90, ring[3]! > 160]).toEqual([true, true, true]);
  });

  it('an administrator can bring a PNG instead (imported image, finance seal)', async () => {
    const created = json<{ imageSource: string; type: string }>(
      await cli(['seal', 'create', '--token', 'seal-token', '--name', '财务专用章', '--type', 'finance', '--org', ORG, '--uscc', USCC, '--image', join(home, 'seal.png'), '--json'], { SEALDESK_PIN: PIN }),
    );
    expect(created).toMatchObject({ imageSource: 'imported', type: 'finance' });
  });

  it('suspend → resume → revoke; a revoked seal cannot be resumed; the CRL lists it', async () => {
    expect((await cli(['seal', 'suspend', sealId])).code).toBe(2); // usage: --reason is required
    expect(json<{ status: string }>(await cli(['seal', 'suspend', sealId, '--reason', '保管人休假', '--json'])).status).toBe('suspended');
    expect(json<{ status: string }>(await cli(['seal', 'resume', sealId, '--json'])).status).toBe('active');
    const revoked = await cli(['seal', 'revoke', sealId, '--reason', '机构更名']);
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toContain('is now revoked');

    const again = await cli(['seal', 'resume', sealId]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`错误 SEAL_REVOKED：印章 ${sealId} 已注销，不能再使用。`);
    const shown = await cli(['seal', 'show', sealId]);
    expect(shown.stdout).toMatch(/status\s+revoked since \S+ \(机构更名\)/);
    expect(shown.stdout).toContain(`organizationIdentifier=${USCC}, CN=行政审批专用章`);
    expect(shown.stdout.match(/^ {2}\S+ {2}(active|suspended|revoked)/gm)?.map((l) => l.trim().split(/\s+/)[1])).toEqual(['active', 'suspended', 'active', 'revoked']);

    const crl = json<{ crlNumber: number; path: string }>(await cli(['ca', 'crl', '--json', '-o', join(home, 'crl.pem')], { SEALDESK_PIN: PIN }));
    expect(crl.crlNumber).toBe(1);
    const checked = await run('openssl', ['verify', '-crl_check', '-CAfile', join(home, 'root.pem'), '-CRLfile', join(home, 'crl.pem'), join(home, 'seal.pem')]).catch((e: { stderr: string }) => e);
    expect(checked.stderr).toContain('certificate revoked');
  });
});
