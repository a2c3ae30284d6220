/**
 * SM2 through the product, as an administrator and a clerk use it, on the simulated GM USB key:
 * `token init`, `ca init --algorithm sm2`, `token keygen --type sm2`, `seal create` on that key,
 * `stamp`, `verify` (sm2-sm3, valid), `ca crl`. Every SM2 signature made on the way — root and seal
 * certificates, the CRL, the CMS in the PDF — is checked by OpenSSL (pkeyutl, distid) and by
 * BouncyCastle, and fails there with one bit changed.
 */
import { X509Certificate } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caPaths } from '../../../appliance/ca/ca-store.js';
import { outboxPath } from '../../../appliance/ledger/ledger-config.js';
import { signedBytes } from '../../../appliance/ledger/outbox/event-signer.js';
import { Outbox } from '../../../appliance/ledger/outbox/outbox.js';
import type { SignedSealEvent } from '../../../appliance/ledger/outbox/seal-event.js';
import { fromPem } from '../../../drivers/pkcs11/pem.js';
import { sm3 } from '../../../drivers/pkcs11/sm2.js';
import { bouncyCastle } from '../../helpers/bouncycastle.js';
import { runCli, type CliResult } from '../../helpers/cli.js';
import { cliOk, GM_PIN, gmKeyHome, type GmKeyHome } from '../../helpers/gm-key-home.js';
import { opensslSm2Verify } from '../../helpers/gm-key.js';
import { certificatePoint, cmsDer, cmsParts, signedParts } from '../../helpers/sm2-signed-parts.js';
import { signatureEntries } from '../pades/helpers/pdf-fixture.js';
import { pdfLibDocument } from '../pdf/make-pdf.js';
import { startTestService } from '../../helpers/service.js';
import { multipart } from '../service/helpers/multipart.js';

const PIN = GM_PIN;
let gm: GmKeyHome;
let home: string;
let env: NodeJS.ProcessEnv;
let sealId = '';
let stampedPdf: Buffer;
let eventId = '';

function cli(args: string[], extra: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return runCli(args, { ...env, ...extra });
}

function flipBit(bytes: Buffer, index: number): Buffer {
  const copy = Buffer.from(bytes);
  copy[index]! ^= 0x01;
  return copy;
}

const ok = cliOk;

beforeAll(async () => {
  gm = await gmKeyHome('sm2-cli', { SEALDESK_VERIFY_URL: 'https://verify.example.cn/check' });
  home = gm.home;
  env = gm.env;
  const made = JSON.parse(await ok(cli(['token', 'keygen', '--token', 'gm-seal', '--type', 'sm2', '--label', 'seal-sm2', '--json'], { SEALDESK_PIN: PIN })));
  expect(made).toMatchObject({ label: 'seal-sm2', type: 'sm2', sensitive: true, extractable: false });
  const created = await ok(
    cli(['seal', 'create', '--token', 'gm-seal', '--key', 'seal-sm2', '--name', '行政审批专用章', '--type', 'business', '--org', '杭州市西湖区行政审批服务管理局', '--uscc', '11330106002489166C', '--json'], { SEALDESK_PIN: PIN }),
  );
  sealId = (JSON.parse(created) as { id: string }).id;
  await pdfLibDocument(home, 'in.pdf', 1);
  const out = join(home, 'out.pdf');
  const stamped = JSON.parse(await ok(cli(['stamp', join(home, 'in.pdf'), '-o', out, '--seal', sealId, '--x', '300', '--y', '100', '--json'], { SEALDESK_PIN: PIN })));
  expect(stamped).toMatchObject({ output: out, sealId, level: 'B-B' });
  eventId = stamped.eventId;
  stampedPdf = await readFile(out);
}, 240_000);
afterAll(async () => {
  await gm?.close();
});

describe('an SM2 seal on the simulated GM key, through the CLI', () => {
  it('sealdesk verify reports sm2-sm3 and valid, in both languages; a tampered copy is invalid', async () => {
    const text = await cli(['verify', join(home, 'out.pdf')]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('签名算法：sm2-sm3');
    expect(text.stdout).toContain('签名 1 (Signature1)：有效 — PAdES B-B');
    expect(text.stdout).toContain('Result: every signature is valid.');
    const json = JSON.parse((await cli(['verify', join(home, 'out.pdf'), '--json'])).stdout);
    expect(json.status).toBe('valid');
    expect(json.signatures[0]).toMatchObject({ algorithm: 'sm2-sm3', status: 'valid' });
    expect(json.signatures[0].checks).toContainEqual({ check: 'signature', status: 'passed', note: 'sm2-sm3' });

    const entry = signatureEntries(stampedPdf)[0]!;
    // one hex digit of the SM2 signature in /Contents changed (the byte ranges stay intact)
    const tampered = Buffer.from(stampedPdf);
    const at = entry.byteRange[1] + 1 + entry.contents.indexOf(cmsParts(entry.contents).signature) * 2 + 20;
    tampered[at] = tampered[at] === 0x30 ? 0x31 : 0x30;
    await writeFile(join(home, 'tampered.pdf'), tampered);
    const bad = await cli(['verify', join(home, 'tampered.pdf'), '--json']);
    expect(bad.code).toBe(1);
  });

  it('the CMS carries GM/T 0010’s identifiers (SM3, SM3withSM2), and OpenSSL and BouncyCastle verify it; one bit changed fails', async () => {
    const entry = signatureEntries(stampedPdf)[0]!;
    const cms = cmsDer(entry.contents);
    const parts = cmsParts(cms);
    expect(parts.digestOid).toBe('1.2.156.10197.1.401');
    expect(parts.signatureOid).toBe('1.2.156.10197.1.501');
    const [a, b, c, d] = entry.byteRange;
    const content = Buffer.concat([stampedPdf.subarray(a, a + b), stampedPdf.subarray(c, c + d)]);
    expect(parts.signedAttrs.includes(sm3(content))).toBe(true);
    const point = certificatePoint(parts.certificates[0]!);
    expect(await opensslSm2Verify(parts.signedAttrs, parts.signature, point)).toBe(true);
    expect(await opensslSm2Verify(flipBit(parts.signedAttrs, 20), parts.signature, point)).toBe(false);
    expect(await bouncyCastle('cms', cms, content)).toBe('OK');
    expect(await bouncyCastle('cms', cms, flipBit(content, 100))).toMatch(/^FAIL/);
  });

  it('the SM2 root and seal certificates verify in OpenSSL and load and verify in BouncyCastle’s X.509 factory; one bit changed fails', async () => {
    const root = fromPem(await readFile(caPaths(home).root), 'CERTIFICATE');
    const sealCert = cmsParts(signatureEntries(stampedPdf)[0]!.contents).certificates[0]!;
    const rootPoint = certificatePoint(root);
    for (const cert of [root, sealCert]) {
      const parts = signedParts(cert);
      expect(parts.algorithm).toBe('1.2.156.10197.1.501');
      expect(await opensslSm2Verify(parts.tbs, parts.signature, rootPoint)).toBe(true);
      expect(await opensslSm2Verify(flipBit(parts.tbs, 40), parts.signature, rootPoint)).toBe(false);
      expect(await bouncyCastle('cert', cert, root)).toBe('OK');
    }
    expect(await bouncyCastle('cert', flipBit(sealCert, 60), root)).toMatch(/^FAIL/);
  });

  it('the stamp’s seal event is signed sm2-sm3 by the seal key: OpenSSL and BouncyCastle verify it over its RFC 8785 bytes', async () => {
    const outbox = Outbox.open(outboxPath(home));
    let event: SignedSealEvent;
    try {
      event = outbox.event(eventId) as SignedSealEvent;
    } finally {
      outbox.close();
    }
    expect(event.signature.alg).toBe('sm2-sm3');
    const { signature: _signature, ...unsigned } = event;
    const bytes = signedBytes(unsigned);
    const value = Buffer.from(event.signature.value, 'base64');
    const sealCert = cmsParts(signatureEntries(stampedPdf)[0]!.contents).certificates[0]!;
    expect(await opensslSm2Verify(bytes, value, certificatePoint(sealCert))).toBe(true);
    expect(await opensslSm2Verify(flipBit(bytes, 10), value, certificatePoint(sealCert))).toBe(false);
    const spki = new X509Certificate(sealCert).publicKey.export({ type: 'spki', format: 'der' });
    expect(await bouncyCastle('sig', spki, bytes, value)).toBe('OK');
    expect(await bouncyCastle('sig', spki, bytes, flipBit(value, value.length - 3))).toMatch(/^FAIL/);
  });

  it('ca crl signs the CRL SM3withSM2: OpenSSL and BouncyCastle verify it with the root key', async () => {
    const crlPath = join(home, 'crl.pem');
    await ok(cli(['ca', 'crl', '-o', crlPath], { SEALDESK_PIN: PIN }));
    const crl = fromPem(await readFile(crlPath), 'X509 CRL');
    const root = fromPem(await readFile(caPaths(home).root), 'CERTIFICATE');
    const parts = signedParts(crl);
    expect(parts.algorithm).toBe('1.2.156.10197.1.501');
    expect(await opensslSm2Verify(parts.tbs, parts.signature, certificatePoint(root))).toBe(true);
    const rootSpki = new X509Certificate(root).publicKey.export({ type: 'spki', format: 'der' });
    expect(await bouncyCastle('signed', crl, rootSpki)).toBe('OK');
    expect(await bouncyCastle('signed', flipBit(crl, 30), rootSpki)).toMatch(/^FAIL/);
  });

  it('seal create --key-type sm2 generates the seal’s SM2 key on the GM key; its stamps verify as sm2-sm3', async () => {
    const created = JSON.parse(
      await ok(cli(['seal', 'create', '--token', 'gm-seal', '--key-type', 'sm2', '--name', '合同专用章', '--type', 'contract', '--org', '杭州市西湖区行政审批服务管理局', '--uscc', '11330106002489166C', '--json'], { SEALDESK_PIN: PIN })),
    ) as { id: string };
    const out = join(home, 'second.pdf');
    await ok(cli(['stamp', join(home, 'in.pdf'), '-o', out, '--seal', created.id, '--x', '100', '--y', '100', '--json'], { SEALDESK_PIN: PIN }));
    const json = JSON.parse((await cli(['verify', out, '--json'])).stdout);
    expect(json.status).toBe('valid');
    expect(json.signatures[0].algorithm).toBe('sm2-sm3');
  }, 120_000);

  it('/api/verify reports the algorithm, sm2-sm3, and its signature check passed (the GM CA is not this service’s anchor)', async () => {
    const service = await startTestService();
    const body = multipart('国密签章.pdf', stampedPdf);
    const response = await service.app.inject({ method: 'POST', url: '/api/verify', payload: body.payload, headers: body.headers, remoteAddress: '10.9.8.7' });
    expect(response.statusCode).toBe(200);
    const [signature] = response.json().signatures;
    expect(signature.algorithm).toBe('sm2-sm3');
    expect(signature.checks).toContainEqual({ check: 'signature', status: 'passed', note: 'sm2-sm3' });
    expect(signature.checks).toContainEqual(expect.objectContaining({ check: 'message-digest', status: 'passed' }));
  }, 120_000);
});
