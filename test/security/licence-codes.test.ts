/**
 * Issue 13, item 7: licence codes (证照码) must not leak through the terminal. Before: any clerk
 * allowed to reprint a stamp's receipt reprinted a kiosk citizen's licence code; one holder key in
 * the code opened every record of that holder; the terminal rebuilt a code whenever asked; and the
 * code travelled in a GET path. A real kiosk visit on the simulated hall (ID-card reader and
 * receipt printer on ptys, SoftHSM, anvil) is attacked from the clerk's and the terminal's side.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseLicenceCode } from '../../appliance/licences/licence-code.js';
import { loggedUrl } from '../../appliance/service/log-options.js';
import { sampleCitizen, startIdCardReader } from '../../simulator/idcard/index.js';
import { startIppPrinter } from '../../simulator/ipp-printer/ipp-printer.js';
import { startReceiptPrinter } from '../../simulator/receipt/index.js';
import { afterFile } from '../helpers/after-file.js';
import { startTestService } from '../helpers/service.js';
import { USER_PIN } from '../helpers/softhsm.js';
import { configureServiceChain, type ServiceChain } from '../appliance/service/helpers/service-chain.js';

const citizen = sampleCitizen({ name: '王小明', address: '浙江省杭州市西湖区文三路90号' });
const [idcard, receipts, printer] = await Promise.all([startIdCardReader({ identity: citizen }), startReceiptPrinter(), startIppPrinter()]);
afterFile(async () => {
  await Promise.all([idcard.close(), receipts.close(), printer.close()]);
});
const service = await startTestService({ parts: { devices: { idcard: idcard.hostPath, receipt: receipts.hostPath, printerUri: printer.uri } } });
const [official] = service.seals as [(typeof service.seals)[0]];
type Headers = Record<string, string>;
let chain: ServiceChain;
let clerk: { operatorId: string; headers: Headers };
let kiosk: { operatorId: string; headers: Headers };
const FIELDS = { residenceAddress: '浙江省杭州市西湖区文三路90号3幢201室', residenceSince: '2020-09-01', purpose: '子女入学' };

interface Issued {
  stamp: { id: string; result: { verificationUrl: string } };
  licence: { licenceId: string; code: string | null } | null;
  licenceError: unknown;
}
const visits: Array<{ key: string; issued: Issued; receipt: number }> = [];

const call = (method: 'GET' | 'POST' | 'DELETE', url: string, headers: Headers, payload?: object) => service.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
const readCode = (code: string) => call('POST', '/api/licences/read', {}, { code });
const qrsOf = (index: number) => receipts.receipts[index]!.elements.flatMap((e) => (e.kind === 'qr' ? [e.data] : []));
const receiptText = (index: number) => JSON.stringify(receipts.receipts[index]!.elements);

/** Everything the terminal keeps on disk: its home (licences, stamps, outbox, audit, directory). */
async function terminalFiles(dir = service.context.home): Promise<Buffer> {
  const parts: Buffer[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) parts.push(await terminalFiles(path));
    else if (entry.isFile() && (await stat(path)).size < 50_000_000) parts.push(await readFile(path));
  }
  return Buffer.concat(parts);
}

/** A citizen at the kiosk: card, certificate with its licence record, document and receipt printed. */
async function kioskVisit(key: string): Promise<Issued> {
  expect((await call('POST', '/api/devices/idcard/read', kiosk.headers, {})).statusCode).toBe(200);
  const before = receipts.receipts.length;
  const response = await call('POST', '/api/kiosk/certificates', { ...kiosk.headers, 'idempotency-key': key }, { templateId: 'residence-certificate', fields: FIELDS, print: true });
  expect(response.statusCode, response.body).toBe(201);
  const issued = response.json<Issued>();
  expect(issued.licenceError).toBeNull();
  await receipts.waitForReceipts(before + 1);
  visits.push({ key, issued, receipt: before });
  return issued;
}

beforeAll(async () => {
  chain = await configureServiceChain(service);
  await service.token.login(USER_PIN);
  kiosk = await service.signIn('kiosk', service.organisations.own, { grantSeals: [official] });
  // a clerk of the same department holding the same seal: allowed to reprint the stamp's receipt
  clerk = await service.signIn('clerk', service.organisations.own, { grantSeals: [official] });
  await kioskVisit('licence-codes-0001');
  await kioskVisit('licence-codes-0002');
  return () => chain.close();
}, 240_000);

describe('licence codes (证照码) do not leak through the terminal', () => {
  it('the code is printed once, on the citizen’s receipt; a clerk’s reprint is the receipt without it', async () => {
    const { issued, receipt } = visits[0]!;
    const code = issued.licence!.code!;
    expect(qrsOf(receipt)).toEqual([issued.stamp.result.verificationUrl, code]);

    const before = receipts.receipts.length;
    const reprint = await call('POST', `/api/stamps/${issued.stamp.id}/print`, clerk.headers, { document: false, receipt: true, reprint: true });
    expect(reprint.statusCode, reprint.body).toBe(200);
    await receipts.waitForReceipts(before + 1);
    // what the clerk holds in their hand: the verification QR, no licence code
    expect(qrsOf(before)).toEqual([issued.stamp.result.verificationUrl]);
    expect(receiptText(before)).not.toContain(code);
    expect(receiptText(before)).not.toContain(code.split('.')[2]);
    expect(reprint.body).not.toContain(code);
  });

  it('a code opens its own record only: the citizen’s second record does not open with the first code’s secret', async () => {
    const [first, second] = visits.map((v) => v.issued.licence!) as [Issued['licence'] & object, Issued['licence'] & object];
    expect((await readCode(first.code!)).json()).toMatchObject({ licenceId: first.licenceId, holder: { name: citizen.name } });
    expect((await readCode(second.code!)).json()).toMatchObject({ licenceId: second.licenceId, holder: { name: citizen.name } });
    // the second record's id with the first code's secret: what a holder key in the code would open
    const [prefix, , secret] = first.code!.split('.');
    const [, secondId] = second.code!.split('.');
    const forged = await readCode(`${prefix}.${secondId}.${secret}`);
    expect([forged.statusCode, forged.json().code]).toEqual([403, 'LICENCE_KEY_MISMATCH']);
    expect(forged.body).not.toContain(citizen.name);
    expect(forged.body).not.toContain(FIELDS.residenceAddress);
  });

  it('the terminal cannot make a code again: a retried request gets no code, and no file on the terminal holds its secret', async () => {
    const { key, issued } = visits[1]!;
    const code = issued.licence!.code!;
    // the same visit retries (the screen timed out before the answer): the same licence, not its code
    const retry = await call('POST', '/api/kiosk/certificates', { ...kiosk.headers, 'idempotency-key': key }, { templateId: 'residence-certificate', fields: FIELDS, print: true });
    expect(retry.statusCode, retry.body).toBe(200);
    expect(retry.json<Issued>().licence).toEqual({ licenceId: issued.licence!.licenceId, code: null });
    expect(retry.body).not.toContain(code.split('.')[2]);
    const secret = parseLicenceCode(code).secret;
    const files = await terminalFiles();
    for (const { issued: v } of visits) {
      const s = parseLicenceCode(v.licence!.code!).secret;
      expect(files.includes(s), 'the record secret in a file').toBe(false);
      expect(files.includes(Buffer.from(s.toString('base64url'))), 'the code in a file').toBe(false);
    }
    expect(secret).toHaveLength(32);
  });

  it('the code travels in a request body: POST /api/licences/read; the old GET path is no route; nothing logged, audited or answered holds it or the ID number', async () => {
    const code = visits[0]!.issued.licence!.code!;
    const read = await readCode(code);
    expect(read.statusCode).toBe(200);
    expect(read.headers['cache-control']).toBe('no-store');
    expect(read.body).not.toContain(citizen.idNumber);
    expect(read.body).not.toContain(code);
    const old = await call('GET', `/api/licences/${encodeURIComponent(code)}`, {});
    expect(old.statusCode).toBe(404);
    expect(old.body).not.toContain(code);
    // an old link's code is not echoed by the 404 either; the URL the log records for a read holds no code
    expect(loggedUrl('/api/licences/read')).toBe('/api/licences/read');
    const audit = JSON.stringify(service.context.audit.list());
    for (const { issued } of visits) {
      expect(audit).not.toContain(issued.licence!.code!);
      expect(audit).not.toContain(issued.licence!.code!.split('.')[2]);
    }
    expect(audit).not.toContain(citizen.idNumber);
  });
});
