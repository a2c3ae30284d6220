import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueCrl } from '../../../appliance/ca/ca-crl.js';
import { initCa } from '../../../appliance/ca/ca-init.js';
import { issueSealCertificate } from '../../../appliance/ca/ca-issue.js';
import { caPaths } from '../../../appliance/ca/ca-store.js';
import { publicKeyFromCsr } from '../../../appliance/ca/csr.js';
import { renderSealPng } from '../../../appliance/seals/image/render.js';
import { checkNewSeal } from '../../../appliance/seals/registry/new-seal.js';
import { SealRegistry } from '../../../appliance/seals/registry/seal-registry.js';
import { toPem } from '../../../drivers/pkcs11/pem.js';
import type { Token } from '../../../drivers/pkcs11/token.js';
import { openTokenFixture, USER_PIN, type TokenFixture } from '../../helpers/softhsm.js';
import { codeOf } from '../../helpers/failure.js';

const run = promisify(execFile);
const USCC = '11330106002489166C';
const ORG = '杭州市西湖区行政审批服务管理局';

let fx: TokenFixture;
let work: string;
let caTok: Token;
let sealTok: Token;
let rootPem: string;

async function openssl(args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run('openssl', args);
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const e = error as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

async function file(name: string, content: string | Buffer): Promise<string> {
  const path = join(work, name);
  await writeFile(path, content);
  return path;
}

beforeAll(async () => {
  fx = await openTokenFixture(['ca-token', 'seal-token']);
  work = await mkdtemp(join(tmpdir(), 'sealdesk-ca-'));
  caTok = fx.pkcs11.token({ label: 'ca-token' });
  sealTok = fx.pkcs11.token({ label: 'seal-token' });
  await caTok.login(USER_PIN);
  await sealTok.login(USER_PIN);
  const { root } = await initCa(fx.home, caTok, { organisation: '西湖区数据资源管理局', commonName: 'sealdesk 开发印章 CA', keyLabel: 'seal-ca', crlBaseUrl: 'http://127.0.0.1:8443/' });
  rootPem = await file('root.pem', toPem(root, 'CERTIFICATE'));
});
afterAll(async () => {
  await fx?.close();
  await rm(work, { recursive: true, force: true });
});

describe('dev seal CA on a SoftHSM token', () => {
  it('has a self-signed CA root whose key stays on the token', async () => {
    const text = await openssl(['x509', '-in', rootPem, '-noout', '-text', '-nameopt', 'utf8']);
    expect(text.stdout).toContain('CN=sealdesk 开发印章 CA');
    expect(text.stdout).toMatch(/Basic Constraints: critical\s+CA:TRUE, pathlen:0/);
    expect(text.stdout).toMatch(/Key Usage: critical\s+Certificate Sign, CRL Sign/);
    expect(text.stdout).toContain('ecdsa-with-SHA256');
    expect((await openssl(['verify', '-CAfile', rootPem, rootPem])).stdout).toContain('OK');
    const keys = await caTok.keys();
    expect(keys).toEqual([expect.objectContaining({ label: 'seal-ca', type: 'ec-p256', sensitive: true, extractable: false })]);
    expect(await codeOf(initCa(fx.home, caTok, { organisation: 'x', commonName: 'y', keyLabel: 'other', crlBaseUrl: 'http://x' }))).toBe('CA_EXISTS');
  });

  it('issues a seal certificate for a token key that OpenSSL verifies, with USCC, key usage and CRL URL', async () => {
    await sealTok.generateKey('ec-p256', '行政审批专用章');
    const { spki } = await sealTok.publicKey('行政审批专用章');
    const der = await issueSealCertificate(fx.home, caTok, { spki, organisation: ORG, uscc: USCC, sealName: '行政审批专用章', eku: 'documentSigning' });
    const seal = await file('seal.pem', toPem(der, 'CERTIFICATE'));
    expect((await openssl(['verify', '-CAfile', rootPem, seal])).stdout.trim()).toBe(`${seal}: OK`);
    const text = (await openssl(['x509', '-in', seal, '-noout', '-text', '-nameopt', 'utf8'])).stdout;
    expect(text).toContain(`Subject: C=CN, O=${ORG}, organizationIdentifier=${USCC}, CN=行政审批专用章`);
    expect(text).toMatch(/X509v3 Key Usage: critical\s+Digital Signature, Non Repudiation/);
    expect(text).toMatch(/Extended Key Usage:\s+1\.3\.6\.1\.5\.5\.7\.3\.36/);
    expect(text).toMatch(/CRL Distribution Points:\s+Full Name:\s+URI:http:\/\/127\.0\.0\.1:8443\/ca\/seal-ca\.crl/);
    const ski = /Subject Key Identifier:\s+([0-9A-F:]+)/.exec((await openssl(['x509', '-in', rootPem, '-noout', '-text'])).stdout)?.[1];
    expect(ski).toBeDefined();
    expect(text).toMatch(new RegExp(`Authority Key Identifier:\\s+(keyid:)?${ski}`));
    // the certificate belongs to the token key: the token can import it
    expect((await sealTok.importCertificate('行政审批专用章', der)).subject).toContain('行政审批专用章');
  });

  it('issues from a CSR made on the token, and refuses a CSR whose signature is broken', async () => {
    await sealTok.generateKey('ec-p256', '合同专用章');
    const csr = await sealTok.certificateRequest('合同专用章', 'CN=whatever the requester wrote');
    const spki = publicKeyFromCsr(Buffer.from(toPem(csr, 'CERTIFICATE REQUEST')));
    expect(spki.equals((await sealTok.publicKey('合同专用章')).spki)).toBe(true);
    const der = await issueSealCertificate(fx.home, caTok, { spki, organisation: ORG, uscc: USCC, sealName: '合同专用章' });
    const text = (await openssl(['x509', '-in', await file('contract.pem', toPem(der, 'CERTIFICATE')), '-noout', '-text', '-nameopt', 'utf8'])).stdout;
    expect(text).toContain('CN=合同专用章'); // the CA names the seal, not the requester
    expect(text).not.toContain('Extended Key Usage');
    const broken = Buffer.from(csr);
    broken[broken.length - 5] = (broken[broken.length - 5] as number) ^ 0xff;
    expect(() => publicKeyFromCsr(broken)).toThrow(/does not verify|not a PKCS#10/);
    expect(await codeOf(issueSealCertificate(fx.home, caTok, { spki, organisation: ORG, uscc: '11330106002489166D', sealName: 'x' }))).toBe('USCC_INVALID');
  });

  it('publishes a CRL signed on the token: revoked seals listed, suspended on hold, OpenSSL verifies it', async () => {
    const registry = SealRegistry.open(fx.home);
    try {
      const png = renderSealPng({ shape: 'round', organisation: ORG, size: 160 });
      const root = await readFile(rootPem);
      const make = async (name: string) => {
        await sealTok.generateKey('ec-p256', `k-${name}`);
        const { spki } = await sealTok.publicKey(`k-${name}`);
        const cert = await issueSealCertificate(fx.home, caTok, { spki, organisation: ORG, uscc: USCC, sealName: name });
        return registry.create(checkNewSeal({
          name, type: 'business', organisation: { name: ORG, uscc: USCC },
          key: { tokenSerial: sealTok.serial, tokenLabel: sealTok.label, keyLabel: `k-${name}` },
          certificateChain: [cert, root], image: { png, source: 'generated' },
        }));
      };
      const revoked = await make('档案专用章');
      const suspended = await make('业务专用章');
      const active = await make('审批专用章');
      registry.revoke(revoked.id, '印章遗失');
      registry.suspend(suspended.id, '临时停用');

      const crl = await issueCrl(fx.home, caTok, registry.list());
      expect(crl.equals(await readFile(caPaths(fx.home).crl))).toBe(true);
      const crlPem = await file('crl.pem', toPem(crl, 'X509 CRL'));
      const checked = await openssl(['crl', '-in', crlPem, '-CAfile', rootPem, '-noout', '-verify']);
      expect(checked.stderr.trim()).toBe('verify OK');
      const text = (await openssl(['crl', '-in', crlPem, '-noout', '-text'])).stdout;
      expect(text).toMatch(/X509v3 CRL Number:\s+1\b/);
      expect(text).toContain(`Serial Number: ${revoked.certificateSerial.toUpperCase()}`);
      expect(text).toContain(`Serial Number: ${suspended.certificateSerial.toUpperCase()}`);
      expect(text).toContain('Certificate Hold');
      expect(text).not.toContain(active.certificateSerial.toUpperCase());

      const pemOf = async (id: string, name: string) => file(name, toPem(registry.get(id).certificateChain[0] as Buffer, 'CERTIFICATE'));
      const withCrl = (cert: string) => openssl(['verify', '-crl_check', '-CAfile', rootPem, '-CRLfile', crlPem, cert]);
      expect((await withCrl(await pemOf(revoked.id, 'r.pem'))).stderr).toContain('certificate revoked');
      expect((await withCrl(await pemOf(active.id, 'a.pem'))).stdout).toContain('OK');

      // resuming takes the seal off the next CRL, whose number goes up
      registry.resume(suspended.id);
      const next = await file('crl2.pem', toPem(await issueCrl(fx.home, caTok, registry.list()), 'X509 CRL'));
      const nextText = (await openssl(['crl', '-in', next, '-noout', '-text'])).stdout;
      expect(nextText).toMatch(/X509v3 CRL Number:\s+2\b/);
      expect(nextText).not.toContain(suspended.certificateSerial.toUpperCase());
    } finally {
      registry.close();
    }
  });

  it('will not sign with a CA token that is not logged in', async () => {
    await caTok.logout();
    const { spki } = await sealTok.publicKey('行政审批专用章');
    expect(await codeOf(issueSealCertificate(fx.home, caTok, { spki, organisation: ORG, uscc: USCC, sealName: 'x' }))).toBe('LOGIN_REQUIRED');
    await caTok.login(USER_PIN);
  });
});
