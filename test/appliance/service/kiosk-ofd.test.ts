/**
 * The kiosk issues its certificate as an OFD e-licence (issue 16 item 4), on a simulated GM USB
 * key with the real hall devices (ID-card reader and receipt printer on ptys, a real
 * ippeveprinter): a template the administrator set to OFD is rendered as OFD, stamped with the
 * kiosk's GB/T 38540 seal (SM2), kept and served as application/ofd, verified by `sealdesk verify`
 * and /api/verify, its seal event in the outbox; the document printer gets the same
 * certificate's PDF rendering with the seal and the QR (it takes PDF), the receipt the QR. A seal
 * without an SESeal, or without an SM2 key, is refused before anything is rendered, kept,
 * stamped or printed.
 */
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PDFDocument } from '@cantoo/pdf-lib';
import { strFromU8, unzipSync } from 'fflate';
import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkKioskFormat } from '../../../appliance/service/kiosk/kiosk-format.js';
import { DocumentStore } from '../../../appliance/service/documents/document-store.js';
import type { CertificateTemplate } from '../../../appliance/templates/index.js';
import { sampleCitizen, startIdCardReader } from '../../../simulator/idcard/index.js';
import { startIppPrinter } from '../../../simulator/ipp-printer/ipp-printer.js';
import { startReceiptPrinter } from '../../../simulator/receipt/index.js';
import { afterFile } from '../../helpers/after-file.js';
import { startGmKeyService } from '../../helpers/gm-key-service.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { multipart } from './helpers/multipart.js';

const run = promisify(execFile);
const jsQR = jsQRModule.default;
const citizen = sampleCitizen({ name: '王小明', address: '浙江省杭州市西湖区文三路90号' });
const [idcard, receipts, printer] = await Promise.all([startIdCardReader({ identity: citizen }), startReceiptPrinter(), startIppPrinter()]);
afterFile(async () => {
  await Promise.all([idcard.close(), receipts.close(), printer.close()]);
});
const service = await startGmKeyService({ parts: { devices: { idcard: idcard.hostPath, receipt: receipts.hostPath, printerUri: printer.uri } } });
const fields = { residenceAddress: '浙江省杭州市西湖区文三路90号3幢201室', residenceSince: '2020-09-01', purpose: '子女入学' };
const residence = JSON.parse(await readFile(join(import.meta.dirname, '../../../templates/residence-certificate.json'), 'utf8')) as CertificateTemplate;
let dir: string;
let kiosk: Awaited<ReturnType<typeof service.signIn>>;

const spooled = () => readdirSync(printer.spoolDir).filter((f) => f.endsWith('.pdf'));
const stampedEvents = () => (service.context.events.outbox.db.prepare("SELECT count(*) AS n FROM events WHERE kind = 'stamped'").get() as { n: number }).n;
const documentsKept = () => readdirSync(join(service.context.workDir, 'documents')).filter((f) => f !== 'incoming');
const call = (method: 'GET' | 'POST', url: string, headers: Record<string, string>, payload?: object) => service.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
function qrOf(png: Buffer): string | undefined {
  const image = PNG.sync.read(png);
  return jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data;
}
/** The first page of a PDF as the printer would put it on paper (poppler, 150 dpi). */
async function pageImage(pdf: Buffer, name: string): Promise<Buffer> {
  const path = join(dir, `${name}.pdf`);
  await writeFile(path, pdf);
  await run('pdftoppm', ['-r', '150', '-png', '-singlefile', '-f', '1', '-l', '1', path, join(dir, name)]);
  return readFile(join(dir, `${name}.png`));
}

beforeAll(async () => {
  dir = await tempDir('kiosk-ofd');
  // the hall's way to choose OFD: the administrator's template, replacing the built-in one by id
  const admin = await service.signIn('admin');
  const added = await call('POST', '/api/templates', admin.headers, { ...residence, format: 'ofd' });
  expect(added.statusCode, added.body).toBe(201);
  expect(added.json()).toMatchObject({ id: 'residence-certificate', format: 'ofd', source: 'admin', overridesBuiltIn: true });
  kiosk = await service.signIn('kiosk', [service.eseal]);
}, 240_000);

describe('kiosk: an OFD e-licence on the simulated GM key', { timeout: 240_000 }, () => {
  it('preview (the PDF of the same layout), issue: stamped OFD kept and served as application/ofd, verifies, its event in the outbox; the printer gets its PDF copy with the QR; a retry issues nothing twice', async () => {
    expect((await call('POST', '/api/devices/idcard/read', kiosk.headers, {})).statusCode).toBe(200);
    const preview = await call('POST', '/api/kiosk/preview', kiosk.headers, { templateId: 'residence-certificate', fields });
    expect(preview.statusCode, preview.body.slice(0, 300)).toBe(200);
    expect(preview.headers['content-type']).toBe('application/pdf');
    expect(preview.headers['x-certificate-format']).toBe('ofd');

    const spoolBefore = spooled().length;
    const receiptsBefore = receipts.receipts.length;
    const eventsBefore = stampedEvents();
    const issued = await call('POST', '/api/kiosk/certificates', { ...kiosk.headers, 'idempotency-key': 'kiosk-ofd-0001' }, { templateId: 'residence-certificate', fields });
    expect(issued.statusCode, issued.body).toBe(201);
    const body = issued.json();
    expect(body).toMatchObject({ template: 'residence-certificate', format: 'ofd', seal: { id: service.eseal.id }, printError: null, stamp: { status: 'done', operatorId: kiosk.operatorId } });
    expect(body.prints).toMatchObject({ document: { detail: expect.stringMatching(/^IPP job \d+ completed/) }, receipt: { detail: expect.stringMatching(/^printed/) } });
    const url = body.stamp.result.verificationUrl as string;
    expect(url).toMatch(/^https:\/\/verify\.hall\.example\.cn\/v\?doc=[0-9a-f]{64}&event=/);

    // the citizen's document: the OFD, with its own type and extension, kept under the certificate's number
    const download = await call('GET', `/api/stamps/${body.stamp.id}/pdf`, kiosk.headers);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('application/ofd');
    expect(download.headers['content-disposition']).toBe(`inline; filename="${body.stamp.id}.ofd"`);
    const kept = await new DocumentStore(service.context.workDir).get(body.stamp.documentId);
    const fileName = kept.fileName;
    expect(fileName).toMatch(/^居证〔\d{4}〕[0-9A-F]{8}号\.ofd$/);
    const ofd = download.rawPayload;
    const entries = unzipSync(new Uint8Array(ofd));
    expect(Object.keys(entries)).toEqual(expect.arrayContaining(['OFD.xml', 'Doc_0/Signs/Signatures.xml', 'Doc_0/Signs/Sign_0/SignedValue.dat', 'Doc_0/Signs/Sign_0/Seal.esl']));
    expect(strFromU8(entries['Doc_0/Pages/Page_0/Content.xml']!)).toContain('王小明');

    // sealdesk verify: the SM2 signature, the seal, every reference, the chain to the SM2 dev CA
    const out = join(dir, fileName);
    await writeFile(out, ofd);
    const verified = await service.gm.cli(['verify', out, '--json']);
    const report = JSON.parse(verified.stdout);
    expect(report.status, verified.stdout).toBe('valid');
    expect(report.signatures).toHaveLength(1);
    expect(report.signatures[0]).toMatchObject({ subFilter: 'GB/T 38540', status: 'valid', seal: { id: service.eseal.id } });
    // and /api/verify, as anyone checking the e-licence
    const upload = multipart(fileName, ofd, 'file', 'application/ofd');
    const checked = await service.app.inject({ method: 'POST', url: '/api/verify', payload: upload.payload, headers: upload.headers, remoteAddress: '10.9.0.1' });
    expect(checked.statusCode, checked.body).toBe(200);
    expect(checked.json()).toMatchObject({ status: 'valid', file: fileName });

    // the seal event: the OFD as kept before its stamp, signed SM2 by the seal's key
    expect(stampedEvents()).toBe(eventsBefore + 1);
    const event = service.context.events.outbox.event(body.stamp.result.eventId) as { kind: string; sealId: string; documentHash: string; signature: { alg: string } };
    expect(event).toMatchObject({ kind: 'stamped', sealId: service.eseal.id, documentHash: kept.sha256 });
    expect(event.signature.alg).toBe('sm2-sm3');
    expect(url).toContain(`doc=${kept.sha256}`);

    // paper: the document printer got a PDF — the same certificate (its number) with the QR of this stamp
    expect(spooled()).toHaveLength(spoolBefore + 1);
    const onPrinter = await readFile(join(printer.spoolDir, spooled().sort((a, b) => parseInt(a) - parseInt(b)).at(-1)!));
    expect(onPrinter.subarray(0, 5).toString()).toBe('%PDF-');
    const title = (await PDFDocument.load(onPrinter, { updateMetadata: false })).getTitle();
    expect(title).toBe(`居住证明 ${fileName.replace(/\.ofd$/, '')}`);
    expect(strFromU8(entries['OFD.xml']!)).toContain(`<ofd:Title>${title}</ofd:Title>`);
    expect(qrOf(await pageImage(onPrinter, 'paper'))).toBe(url);
    await receipts.waitForReceipts(receiptsBefore + 1);
    expect(qrOf(receipts.receipts[receiptsBefore]!.png())).toBe(url);

    // the same key again (the screen timed out before the answer): the same e-licence, nothing stamped or printed twice
    const retry = await call('POST', '/api/kiosk/certificates', { ...kiosk.headers, 'idempotency-key': 'kiosk-ofd-0001' }, { templateId: 'residence-certificate', fields });
    expect(retry.statusCode, retry.body).toBe(200);
    expect(retry.json()).toMatchObject({ format: 'ofd', stamp: { id: body.stamp.id } });
    expect(stampedEvents()).toBe(eventsBefore + 1);
    expect(spooled()).toHaveLength(spoolBefore + 1);
  });

  it('a reprint prints the same paper copy again; with no PDF rendering kept it is PRINT_COPY_MISSING and nothing prints', async () => {
    const [job] = (await call('GET', '/api/stamps', kiosk.headers)).json<Array<{ id: string }>>();
    expect(job).toBeDefined();
    const before = spooled().length;
    const reprinted = await call('POST', `/api/stamps/${job!.id}/print`, kiosk.headers, { receipt: false, reprint: true });
    expect(reprinted.statusCode, reprinted.body).toBe(200);
    expect(spooled()).toHaveLength(before + 1);
    const names = spooled().sort((a, b) => parseInt(a) - parseInt(b));
    const [first, second] = await Promise.all(names.slice(-2).map((n) => readFile(join(printer.spoolDir, n))));
    expect(second!.equals(first!)).toBe(true);

    // an OFD with no PDF rendering kept (here: removed) is never printed as something else
    await rm(join(service.context.workDir, 'kiosk', 'paper'), { recursive: true, force: true });
    const missing = await call('POST', `/api/stamps/${job!.id}/print`, kiosk.headers, { receipt: false, reprint: true });
    expect([missing.statusCode, missing.json().code]).toEqual([409, 'PRINT_COPY_MISSING']);
    expect(missing.json().message_en).toContain('OFD document has no PDF copy to print');
    expect(spooled()).toHaveLength(before + 1);
  });

  it('a kiosk whose seal has no GB/T 38540 e-seal: KIOSK_ESEAL_REQUIRED (zh/en) for preview and issue; nothing kept, stamped or printed', async () => {
    const plain = await service.signIn('kiosk', [service.plainSm2]);
    expect((await call('POST', '/api/devices/idcard/read', plain.headers, {})).statusCode).toBe(200);
    const events = stampedEvents();
    const spoolBefore = spooled().length;
    const receiptsBefore = receipts.receipts.length;
    const keptBefore = documentsKept().length;
    for (const url of ['/api/kiosk/preview', '/api/kiosk/certificates']) {
      const refused = await call('POST', url, plain.headers, { templateId: 'residence-certificate', fields });
      expect(refused.statusCode).toBe(409);
      expect(refused.headers['content-type']).toContain('application/json');
      expect(refused.json()).toMatchObject({ code: 'KIOSK_ESEAL_REQUIRED', message_en: expect.stringContaining('is no GB/T 38540 e-seal; please go to a counter') });
      expect(refused.json().message_zh).toContain('不是国标（GB/T 38540）电子印章');
    }
    expect(stampedEvents()).toBe(events);
    expect(spooled()).toHaveLength(spoolBefore);
    expect(receipts.receipts.length).toBe(receiptsBefore);
    expect(documentsKept()).toHaveLength(keptBefore);
    expect(readdirSync(join(service.context.workDir, 'documents', 'incoming'))).toEqual([]);
  });

  it('an e-seal whose certificate key is not SM2 is KIOSK_SEAL_NOT_SM2, naming the key; a PDF template issues with any seal', async () => {
    const key = join(dir, 'p256.key');
    const cert = join(dir, 'p256.der');
    await run('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', '/CN=p256', '-keyout', key, '-outform', 'DER', '-out', cert, '-days', '1']);
    const p256 = { ...service.eseal, certificateChain: [await readFile(cert)] };
    const ofdTemplate = { ...residence, format: 'ofd' as const };
    expect(() => checkKioskFormat(ofdTemplate, p256)).toThrow(expect.objectContaining({ code: 'KIOSK_SEAL_NOT_SM2', details: expect.objectContaining({ algorithm: 'ec prime256v1' }) }));
    expect(checkKioskFormat(ofdTemplate, service.eseal)).toBe('ofd');
    expect(checkKioskFormat(residence, p256)).toBe('pdf');
    expect(checkKioskFormat(residence, service.plainSm2)).toBe('pdf');
  });
});
