/**
 * An OFD stamp through the product on the simulated GM USB key: a `--format gbt38540` seal stamps
 * ofdrw's helloworld.ofd with `sealdesk stamp`, the seal event (SHA-256 of the OFD as given) is in
 * the outbox, and `sealdesk verify` reports it valid with the SM2 dev CA as anchor; one changed
 * byte of a page file is invalid and names the file; a seal without a SESeal is OFD_ESEAL_REQUIRED
 * and leaves no output.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import jsQRModule from 'jsqr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outboxPath } from '../../../appliance/ledger/ledger-config.js';
import { Outbox } from '../../../appliance/ledger/outbox/outbox.js';
import type { SignedSealEvent } from '../../../appliance/ledger/outbox/seal-event.js';
import { runCli, type CliResult } from '../../helpers/cli.js';
import { cliOk, GM_PIN, gmKeyHome, type GmKeyHome } from '../../helpers/gm-key-home.js';
import { readInterop } from '../../helpers/interop.js';

// jsqr is CommonJS with its function on module.exports.default (as in devices-cli.test.ts)
const jsQR = jsQRModule.default;

/** The QR annotation's dark PathObject (rectangles in mm), rasterised with a white margin and read by jsQR. */
function readQrAnnotation(xml: string): string | undefined {
  const appearance = /Subtype="sealdesk\.QRCode".*?<ofd:Appearance Boundary="[\d.]+ [\d.]+ ([\d.]+)[^"]*">(.*?)<\/ofd:Appearance>/s.exec(xml);
  if (!appearance) return undefined;
  const dark = /<ofd:FillColor Value="0 0 0"\/><ofd:AbbreviatedData>([^<]+)</.exec(appearance[2]!)![1]!;
  const [scale, margin] = [12, 40];
  const size = Math.ceil(Number(appearance[1]) * scale) + 2 * margin;
  const pixels = new Uint8ClampedArray(size * size * 4).fill(255);
  for (const m of dark.matchAll(/M ([\d.]+) ([\d.]+) L ([\d.]+) [\d.]+ L [\d.]+ ([\d.]+)/g)) {
    const [x0, y0, x1, y1] = [m[1], m[2], m[3], m[4]].map((v) => Math.round(Number(v) * scale) + margin);
    for (let y = y0!; y < y1!; y++) for (let x = x0!; x < x1!; x++) pixels.fill(0, (y * size + x) * 4, (y * size + x) * 4 + 3);
  }
  return jsQR(pixels, size, size)?.data;
}

const PIN = GM_PIN;
const ORG = '杭州市西湖区行政审批服务管理局';
const USCC = '11330106002489166C';
let gm: GmKeyHome;
let home: string;
let env: NodeJS.ProcessEnv;
let esealId = '';
let plainId = '';
let input = '';

function cli(args: string[], extra: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return runCli(args, { ...env, ...extra });
}

const ok = cliOk;

beforeAll(async () => {
  gm = await gmKeyHome('ofd-cli', { SEALDESK_VERIFY_URL: 'https://verify.example.cn/check' });
  home = gm.home;
  env = gm.env;
  esealId = (JSON.parse(await ok(cli(['seal', 'create', '--token', 'gm-seal', '--key-type', 'sm2', '--format', 'gbt38540', '--name', '合同专用章', '--type', 'contract', '--org', ORG, '--uscc', USCC, '--json'], { SEALDESK_PIN: PIN }))) as { id: string }).id;
  plainId = (JSON.parse(await ok(cli(['seal', 'create', '--token', 'gm-seal', '--key-type', 'sm2', '--name', '业务专用章', '--type', 'business', '--org', ORG, '--uscc', USCC, '--json'], { SEALDESK_PIN: PIN }))) as { id: string }).id;
  input = join(home, 'helloworld.ofd');
  await writeFile(input, await readInterop('ofdrw/helloworld.ofd'));
}, 240_000);
afterAll(async () => {
  await gm?.close();
});

describe('sealdesk stamp and verify of an OFD, on the simulated GM key', () => {
  it('a gbt38540 seal stamps helloworld.ofd; the seal event is in the outbox; verify reports it valid; one changed byte of the page is invalid and named', async () => {
    const out = join(home, 'stamped.ofd');
    const stamped = JSON.parse(await ok(cli(['stamp', input, '-o', out, '--seal', esealId, '--page', '1', '--x', '100', '--y', '100', '--json'], { SEALDESK_PIN: PIN }))) as { output: string; sealId: string; eventId: string; documentHash: string; page: number; verificationUrl: string };
    const original = await readFile(input);
    expect(stamped).toMatchObject({ output: out, sealId: esealId, page: 1, documentHash: createHash('sha256').update(original).digest('hex') });

    const outbox = Outbox.open(outboxPath(home));
    let event: SignedSealEvent;
    try {
      event = outbox.event(stamped.eventId) as SignedSealEvent;
    } finally {
      outbox.close();
    }
    expect(event).toMatchObject({ kind: 'stamped', sealId: esealId, documentHash: stamped.documentHash, format: 'ofd' });
    expect(event.signature.alg).toBe('sm2-sm3');

    const json = JSON.parse((await cli(['verify', out, '--json'])).stdout);
    expect(json.status).toBe('valid');
    expect(json.signatures).toHaveLength(1);
    const [signature] = json.signatures;
    expect(signature).toMatchObject({ subFilter: 'GB/T 38540', status: 'valid', ofd: { seal: { name: '合同专用章', esId: esealId } } });
    // the SM2 seal certificate chains to the SM2 dev root (SM2's own ID, not OpenSSL's empty one)
    expect(signature.checks).toContainEqual(expect.objectContaining({ check: 'chain', status: 'passed' }));
    const text = await cli(['verify', out]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('Result: every signature is valid.');

    const files = unzipSync(new Uint8Array(await readFile(out)));
    // the QR 证照码 as a page annotation, the stamp's link in it, protected by the signature
    expect(stamped.verificationUrl).toContain(stamped.eventId);
    expect(readQrAnnotation(strFromU8(files['Doc_0/Annots/Page_0/Annotation.xml']!))).toBe(stamped.verificationUrl);
    expect(signature.ofd.references.map((r: { file: string }) => r.file)).toContain('/Doc_0/Annots/Page_0/Annotation.xml');
    const page = 'Doc_0/Pages/Page_0/Content.xml';
    files[page] = strToU8(strFromU8(files[page]!).replace('Reader', 'Raader'));
    const tampered = join(home, 'tampered.ofd');
    await writeFile(tampered, zipSync(files));
    const bad = await cli(['verify', tampered, '--json']);
    expect(bad.code).toBe(1);
    const badJson = JSON.parse(bad.stdout);
    expect(badJson.status).toBe('invalid');
    expect(badJson.signatures[0].checks).toContainEqual(expect.objectContaining({ check: 'references', status: 'failed', error: expect.objectContaining({ code: 'OFD_REFERENCE_MISMATCH', details: { file: '/Doc_0/Pages/Page_0/Content.xml' } }) }));
    expect(JSON.stringify(badJson.signatures[0].checks)).toContain('Doc_0/Pages/Page_0/Content.xml');
  }, 120_000);

  it('--cross-page on a 5-page OFD: one signature, the seal and a clipped slice on each page; --no-qr writes no annotation', async () => {
    const five = join(home, 'vpage7.ofd');
    await writeFile(five, await readInterop('ofdrw/VPage7.ofd'));
    const out = join(home, 'cross.ofd');
    const stamped = JSON.parse(await ok(cli(['stamp', five, '-o', out, '--seal', esealId, '--x', '100', '--y', '100', '--cross-page', '--no-qr', '--json'], { SEALDESK_PIN: PIN }))) as { eventId: string };
    const json = JSON.parse((await cli(['verify', out, '--json'])).stdout);
    expect(json.status).toBe('valid');
    expect(json.signatures).toHaveLength(1);
    const annots = json.signatures[0].ofd.stampAnnots as { pageRef: string; clip?: string }[];
    expect(annots.map((a) => a.pageRef)).toEqual(['1', '1', '21', '43', '63', '83']);
    expect(annots.filter((a) => a.clip)).toHaveLength(5);
    expect(Object.keys(unzipSync(new Uint8Array(await readFile(out)))).filter((f) => f.includes('Annots'))).toEqual([]);
    const outbox = Outbox.open(outboxPath(home));
    try {
      expect(outbox.event(stamped.eventId)).toMatchObject({ kind: 'stamped', format: 'ofd' });
    } finally {
      outbox.close();
    }
  }, 120_000);

  it('a seal without a GB/T 38540 SESeal is refused for an OFD (zh/en), and no output is written', async () => {
    const out = join(home, 'refused.ofd');
    const refused = await cli(['stamp', input, '-o', out, '--seal', plainId, '--x', '100', '--y', '100'], { SEALDESK_PIN: PIN });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('OFD_ESEAL_REQUIRED');
    expect(existsSync(out)).toBe(false);
  }, 120_000);
});
