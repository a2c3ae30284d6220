import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toPem } from '../../../drivers/pkcs11/pem.js';
import { runCli } from '../../helpers/cli.js';
import { failure } from '../../helpers/failure.js';
import { openTokenFixture, USER_PIN, type TokenFixture } from '../../helpers/softhsm.js';

const run = promisify(execFile);
const SUBJECT = 'CN=行政审批专用章, O=杭州市西湖区行政审批局, organizationIdentifier=11330106002489018X, C=CN';

let fixture: TokenFixture;
let dir: string;

async function openssl(args: string[]): Promise<string> {
  const { stdout, stderr } = await run('openssl', args, { cwd: dir });
  return stdout + stderr;
}

beforeAll(async () => {
  fixture = await openTokenFixture(['ca-test']);
  dir = await mkdtemp(join(tmpdir(), 'sealdesk-certs-'));
  // an independent CA made by OpenSSL, as an external CA would be
  await openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', '/CN=Test Seal CA', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '30']);
  const token = fixture.pkcs11.token({ label: 'ca-test' });
  await token.login(USER_PIN);
  for (const [type, label] of [['ec-p256', 'seal-ec'], ['rsa-2048', 'seal-rsa'], ['secp256k1', 'chain'], ['ec-p384', 'seal-384']] as const) {
    await token.generateKey(type, label);
  }
}, 120_000);

afterAll(async () => {
  await fixture?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('certificate requests from token keys', () => {
  it.each(['seal-ec', 'seal-rsa', 'chain', 'seal-384'])('%s: OpenSSL verifies the request’s self-signature and reads the Chinese subject', async (label) => {
    const token = fixture.pkcs11.token({ label: 'ca-test' });
    const csr = await token.certificateRequest(label, SUBJECT);
    await writeFile(join(dir, `${label}.csr`), toPem(csr, 'CERTIFICATE REQUEST'));
    const verified = await openssl(['req', '-in', `${label}.csr`, '-verify', '-noout', '-subject', '-nameopt', 'utf8,sep_comma_plus_space']);
    expect(verified).toMatch(/verify OK/);
    expect(verified).toContain('CN=行政审批专用章');
    expect(verified).toContain('O=杭州市西湖区行政审批局');
    expect(verified).toContain('organizationIdentifier=11330106002489018X');
    // the request carries the token key's public key
    const pubFromCsr = await openssl(['req', '-in', `${label}.csr`, '-noout', '-pubkey']);
    const { spki } = await token.publicKey(label);
    expect(pubFromCsr.trim()).toBe(toPem(spki, 'PUBLIC KEY').trim());
  });

  it('a subject that cannot be parsed is a usage error', async () => {
    const token = fixture.pkcs11.token({ label: 'ca-test' });
    expect((await failure(token.certificateRequest('seal-ec', 'not a name'))).code).toBe('USAGE');
  });
});

describe('certificates on the token', () => {
  it('a certificate issued for the request is stored beside its key, with its CKA_ID, and listed', async () => {
    const token = fixture.pkcs11.token({ label: 'ca-test' });
    await writeFile(join(dir, 'ec.csr'), toPem(await token.certificateRequest('seal-ec', SUBJECT), 'CERTIFICATE REQUEST'));
    await openssl(['x509', '-req', '-in', 'ec.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '10', '-out', 'ec.pem']);
    const stored = await token.importCertificate('seal-ec', await readFile(join(dir, 'ec.pem')));
    const key = (await token.keys()).find((k) => k.label === 'seal-ec');
    expect(stored.id).toBe(key?.id);
    expect(key?.hasCertificate).toBe(true);
    expect(stored.issuer).toBe('CN=Test Seal CA');
    const listed = await token.certificates();
    expect(listed).toHaveLength(1);
    expect(listed[0]?.subject).toContain('行政审批专用章');
    expect(listed[0]?.der.equals(Buffer.from((await readFile(join(dir, 'ec.pem'), 'utf8')).replace(/-----[^-]+-----|\s/g, ''), 'base64'))).toBe(true);
  });

  it('a certificate for another key is refused with CERT_KEY_MISMATCH and nothing is stored', async () => {
    const token = fixture.pkcs11.token({ label: 'ca-test' });
    const error = await failure(token.importCertificate('seal-rsa', await readFile(join(dir, 'ca.pem'))));
    expect(error.code).toBe('CERT_KEY_MISMATCH');
    expect((await token.keys()).find((k) => k.label === 'seal-rsa')?.hasCertificate).toBe(false);
  });

  it('bytes that are no certificate are CERT_INVALID', async () => {
    const token = fixture.pkcs11.token({ label: 'ca-test' });
    expect((await failure(token.importCertificate('seal-rsa', Buffer.from('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n')))).code).toBe('CERT_INVALID');
  });
});

describe('the same through the CLI', () => {
  it('csr → external CA → import-cert → certs --json', async () => {
    // the CLI is another process: it sees the token as this test left it
    const env = { SEALDESK_HOME: fixture.home, SOFTHSM2_CONF: fixture.hsm.confPath, SEALDESK_PKCS11_MODULE: fixture.hsm.modulePath };
    const csr = await runCli(['token', 'csr', '--token', 'ca-test', '--key', 'seal-rsa', '--subject', SUBJECT, '-o', join(dir, 'rsa.csr')], { ...env, SEALDESK_PIN: USER_PIN });
    expect(csr.stderr).toBe('');
    expect(csr.code).toBe(0);
    await openssl(['x509', '-req', '-in', 'rsa.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '10', '-out', 'rsa.pem']);
    const imported = await runCli(['token', 'import-cert', '--token', 'ca-test', '--key', 'seal-rsa', join(dir, 'rsa.pem'), '--json'], { ...env, SEALDESK_PIN: USER_PIN });
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ label: 'seal-rsa', issuer: 'CN=Test Seal CA' });
    const certs = await runCli(['token', 'certs', '--token', 'ca-test', '--json'], env);
    expect(certs.code).toBe(0);
    const listed = JSON.parse(certs.stdout) as Array<{ label: string; pem: string }>;
    expect(listed.map((c) => c.label).sort()).toEqual(['seal-ec', 'seal-rsa']);
    expect(listed.find((c) => c.label === 'seal-rsa')?.pem.trim()).toBe((await readFile(join(dir, 'rsa.pem'), 'utf8')).trim());

    const missing = await runCli(['token', 'import-cert', '--token', 'ca-test', '--key', 'seal-rsa', join(dir, 'nope.pem')], { ...env, SEALDESK_PIN: USER_PIN });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('FILE_NOT_FOUND');
  });
});
