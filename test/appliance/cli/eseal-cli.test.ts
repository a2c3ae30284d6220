/**
 * 制章 through the real CLI on the simulated GM USB key: `ca init --algorithm sm2`, `token keygen
 * --type sm2`, `seal create --format gbt38540`, `seal export` → a .esl that decodes as a SESeal v4
 * of the seal, whose maker signature (the dev CA's SM2 key) OpenSSL verifies and a changed bit
 * breaks. A seal that is not SM2, or a maker that is not, is refused with ESEAL_NEEDS_SM2.
 */
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caPaths } from '../../../appliance/ca/ca-store.js';
import { decodeSeal, verifySealMaker } from '../../../appliance/eseals/index.js';
import { fromPem } from '../../../drivers/pkcs11/pem.js';
import { runCli, type CliResult } from '../../helpers/cli.js';
import { cliOk, GM_PIN, GM_SO_PIN, gmKeyHome, type GmKeyHome } from '../../helpers/gm-key-home.js';
import { opensslSm2Verify } from '../../helpers/gm-key.js';
import { certificatePoint } from '../../helpers/sm2-signed-parts.js';

const SO_PIN = GM_SO_PIN;
const PIN = GM_PIN;
const ORG = '杭州市西湖区行政审批服务管理局';
const USCC = '11330106002489166C';
let gm: GmKeyHome;
let home: string;
let env: NodeJS.ProcessEnv;

function cli(args: string[], extra: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return runCli(args, { ...env, ...extra });
}

const ok = cliOk;

function flipBit(bytes: Buffer, index: number): Buffer {
  const copy = Buffer.from(bytes);
  copy[index]! ^= 0x01;
  return copy;
}

beforeAll(async () => {
  gm = await gmKeyHome('eseal-cli');
  home = gm.home;
  env = gm.env;
  await ok(cli(['token', 'keygen', '--token', 'gm-seal', '--type', 'sm2', '--label', 'contract-sm2', '--json'], { SEALDESK_PIN: PIN }));
}, 240_000);
afterAll(async () => {
  await gm?.close();
});

describe('seal create --format gbt38540 and seal export, on the simulated GM key', () => {
  it('makes a SESeal v4 of the SM2 seal, signed by the dev CA as maker; the exported .esl verifies in OpenSSL and fails with one bit changed', async () => {
    const created = JSON.parse(
      await ok(cli(['seal', 'create', '--token', 'gm-seal', '--key', 'contract-sm2', '--format', 'gbt38540', '--name', '合同专用章', '--type', 'contract', '--org', ORG, '--uscc', USCC, '--code', '3301060012345', '--json'], { SEALDESK_PIN: PIN })),
    ) as { id: string; format: string; certificateChain: string[]; notBefore: string; notAfter: string };
    expect(created.format).toBe('gbt38540');

    const out = join(home, 'seal.esl');
    const exported = JSON.parse(await ok(cli(['seal', 'export', created.id, '-o', out, '--json']))) as { path: string; bytes: number };
    const esl = await readFile(out);
    expect(exported).toMatchObject({ path: out, bytes: esl.length });

    const seal = decodeSeal(esl);
    const root = fromPem(await readFile(caPaths(home).root), 'CERTIFICATE');
    const sealCert = fromPem(Buffer.from(created.certificateChain[0]!), 'CERTIFICATE');
    expect(seal).toMatchObject({ version: 4, header: { id: 'ES', version: 4, vid: 'sealdesk' }, esID: '3301060012345' });
    expect(seal.property).toMatchObject({ type: 4, name: '合同专用章', certListType: 1, certs: [sealCert], validStart: new Date(created.notBefore), validEnd: new Date(created.notAfter) });
    expect(new X509Certificate(seal.property.certs[0]!).subject).toContain('合同专用章');
    expect(seal.makerCert).toEqual(root);
    // the picture is the seal's image, 42 mm wide as `stamp` places it (a round contract seal: as tall)
    const image = await ok(cli(['seal', 'image', created.id, '-o', join(home, 'seal.png')]));
    expect(image).toContain('PNG');
    expect(seal.picture).toMatchObject({ type: 'PNG', widthMm: 42, heightMm: 42 });
    expect(seal.picture.data.equals(await readFile(join(home, 'seal.png')))).toBe(true);

    const makerPoint = certificatePoint(root);
    expect(await opensslSm2Verify(seal.signedBytes, seal.signedValue, makerPoint)).toBe(true);
    expect(await opensslSm2Verify(flipBit(seal.signedBytes, 40), seal.signedValue, makerPoint)).toBe(false);
    expect(verifySealMaker(seal)).toEqual({ valid: true });
    // the seal's key is not the maker's: its signature does not pass for the seal certificate
    expect(await opensslSm2Verify(seal.signedBytes, seal.signedValue, certificatePoint(sealCert))).toBe(false);
  }, 120_000);

  it('seal create --key-type sm2 --format gbt38540 generates the key and makes the seal in one step', async () => {
    const created = JSON.parse(
      await ok(cli(['seal', 'create', '--token', 'gm-seal', '--key-type', 'sm2', '--format', 'gbt38540', '--name', '财务专用章', '--type', 'finance', '--org', ORG, '--uscc', USCC, '--json'], { SEALDESK_PIN: PIN })),
    ) as { id: string };
    const out = join(home, 'official.esl');
    await ok(cli(['seal', 'export', created.id, '-o', out]));
    const seal = decodeSeal(await readFile(out));
    expect(seal.property).toMatchObject({ type: 2, name: '财务专用章' });
    expect(seal.esID).toBe(created.id);
    // an oval finance seal: 2/3 as tall as wide
    expect(seal.picture).toMatchObject({ widthMm: 42, heightMm: 28 });
    expect(verifySealMaker(seal)).toEqual({ valid: true });
  }, 120_000);

  it('an ECDSA seal asked for gbt38540 is refused (zh/en) before a key is made; a seal made without it has nothing to export', async () => {
    const refused = await cli(['seal', 'create', '--token', 'gm-seal', '--key-type', 'ec-p256', '--format', 'gbt38540', '--name', '发票专用章', '--type', 'finance', '--org', ORG, '--uscc', USCC], { SEALDESK_PIN: PIN });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('错误 ESEAL_NEEDS_SM2：国标电子印章（GB/T 38540）须使用 SM2 密钥：印章密钥不是 SM2（ec-p256）。');
    expect(refused.stderr).toContain('A GB/T 38540 e-seal needs SM2 keys: the seal key to generate is not SM2 (ec-p256).');
    const keys = await cli(['token', 'keys', '--token', 'gm-seal', '--json'], { SEALDESK_PIN: PIN });
    expect(keys.stdout).not.toContain('发票专用章');

    const plain = JSON.parse(
      await ok(cli(['seal', 'create', '--token', 'gm-seal', '--key-type', 'sm2', '--name', '业务专用章', '--type', 'business', '--org', ORG, '--uscc', USCC, '--json'], { SEALDESK_PIN: PIN })),
    ) as { id: string; format: string };
    expect(plain.format).toBe('sealdesk');
    const none = await cli(['seal', 'export', plain.id, '-o', join(home, 'none.esl')]);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain(`错误 SEAL_NO_ESEAL：印章 ${plain.id} 没有国标电子印章（GB/T 38540）`);
    expect(none.stderr).toContain(`Seal ${plain.id} has no GB/T 38540 e-seal`);
    await expect(stat(join(home, 'none.esl'))).rejects.toThrow(/ENOENT/);
  }, 120_000);
});

describe('a maker that is not SM2', () => {
  it('an ECDSA dev CA (SoftHSM) cannot make a GB/T 38540 seal: ESEAL_NEEDS_SM2 names the maker', async () => {
    const softHome = await mkdtemp(join(tmpdir(), 'sealdesk-eseal-p256-'));
    try {
      const soft = { SEALDESK_HOME: softHome, SOFTHSM2_CONF: '', SEALDESK_PKCS11_MODULE: '' };
      await ok(runCli(['token', 'init', '--free', '--label', 'seal-token'], { ...soft, SEALDESK_SO_PIN: SO_PIN }));
      await ok(runCli(['token', 'init-pin', '--token', 'seal-token'], { ...soft, SEALDESK_SO_PIN: SO_PIN, SEALDESK_PIN: PIN }));
      await ok(runCli(['ca', 'init', '--token', 'seal-token', '--org', '西湖区数据资源管理局', '--crl-url', 'http://127.0.0.1:8443'], { ...soft, SEALDESK_PIN: PIN }));
      const refused = await runCli(['seal', 'create', '--token', 'seal-token', '--format', 'gbt38540', '--name', '合同专用章', '--type', 'contract', '--org', ORG, '--uscc', USCC], { ...soft, SEALDESK_PIN: PIN });
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('错误 ESEAL_NEEDS_SM2：国标电子印章（GB/T 38540）须使用 SM2 密钥：开发印章 CA（制章者）的密钥不是 SM2（ec prime256v1）。');
      expect(refused.stderr).toContain('the dev seal CA (the seal maker) is not SM2 (ec prime256v1)');
      const list = JSON.parse(await ok(runCli(['seal', 'list', '--json'], soft))) as unknown[];
      expect(list).toEqual([]);
    } finally {
      await rm(softHome, { recursive: true, force: true });
    }
  }, 120_000);
});
