/**
 * The counter and kiosk workflows through the service, on the real simulated hall: the ID-card
 * reader and ESC/POS receipt printer simulators on real ptys, a real ippeveprinter, SoftHSM.
 * What is checked is what a clerk or citizen would check: the masked card on screen, the stamped
 * certificate that verifies, the printed document in the printer's spool, and the receipt paper
 * whose QR code reads back the verification URL, printed once even when the paper ran out.
 */
import { readdirSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { addTemplate } from '../../../appliance/templates/index.js';
import { verifyPdf } from '../../../appliance/verification/index.js';
import { sampleCitizen, startIdCardReader } from '../../../simulator/idcard/index.js';
import { startIppPrinter } from '../../../simulator/ipp-printer/ipp-printer.js';
import { startReceiptPrinter } from '../../../simulator/receipt/index.js';
import { startTestService } from '../../helpers/service.js';
import { USER_PIN } from '../../helpers/softhsm.js';
import { pdfLibDocument } from '../pdf/make-pdf.js';
import { upload } from './helpers/multipart.js';
import { afterFile } from '../../helpers/after-file.js';
import { tempDir } from '../../helpers/temp-dir.js';

const jsQR = jsQRModule.default;
const citizen = sampleCitizen({ name: '王小明', address: '浙江省杭州市西湖区文三路90号' });
const [idcard, receipts, printer] = await Promise.all([startIdCardReader({ identity: citizen }), startReceiptPrinter(), startIppPrinter()]);
// after the service, which is closed after the file (cleanups run newest first)
afterFile(async () => {
  await Promise.all([idcard.close(), receipts.close(), printer.close()]);
});
const service = await startTestService({ parts: { devices: { idcard: idcard.hostPath, receipt: receipts.hostPath, printerUri: printer.uri } } });
const [official, business] = service.seals as [(typeof service.seals)[0], (typeof service.seals)[0]];
let dir: string;
let clerk: Awaited<ReturnType<typeof service.signIn>>;
let kiosk: Awaited<ReturnType<typeof service.signIn>>;

// ippeveprinter keeps each job's document (N-name.pdf) beside the output of its print command (.prn)
const spooled = () => readdirSync(printer.spoolDir).filter((f) => f.endsWith('.pdf'));
const stampedEvents = () => (service.context.events.outbox.db.prepare("SELECT count(*) AS n FROM events WHERE kind = 'stamped'").get() as { n: number }).n;
function paperQr(index: number): string | undefined {
  const png = PNG.sync.read(receipts.receipts[index]!.png());
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data;
}
const call = (method: 'GET' | 'POST' | 'DELETE', url: string, headers: Record<string, string>, payload?: object) =>
  service.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });

beforeAll(async () => {
  dir = await tempDir('hall');
  clerk = await service.signIn('clerk', service.organisations.own, { grantSeals: [business] });
  kiosk = await service.signIn('kiosk', service.organisations.own, { grantSeals: [official] });
});

describe('hall devices', () => {
  it('GET /api/devices shows each device: reader, receipt printer and document printer fitted and present, no scanner fitted', async () => {
    const response = await call('GET', '/api/devices', clerk.headers);
    expect(response.statusCode).toBe(200);
    const byKind = Object.fromEntries(response.json<Array<{ kind: string }>>().map((d) => [d.kind, d]));
    expect(byKind.idcard).toMatchObject({ fitted: true, present: true, connection: idcard.hostPath });
    expect(byKind.receipt).toMatchObject({ fitted: true, present: true, waiting: null });
    expect(byKind.printer).toMatchObject({ fitted: true, present: true, connection: printer.uri, detail: expect.stringMatching(/^idle/) });
    expect(byKind.qrscanner).toMatchObject({ fitted: false, present: false });
  });

  it('the clerk reads the ID card: name on screen, the number masked, only its salted hash besides; audited without it', async () => {
    const response = await call('POST', '/api/devices/idcard/read', clerk.headers, {});
    expect(response.statusCode, response.body).toBe(200);
    const card = response.json();
    expect(card).toMatchObject({ name: '王小明', address: citizen.address, idNumber: `${citizen.idNumber[0]}${'*'.repeat(16)}${citizen.idNumber.at(-1)}` });
    expect(card.subjectHash).toMatch(/^[0-9a-f]{64}$/);
    expect(response.body).not.toContain(citizen.idNumber);
    expect(service.context.audit.list({ action: 'idcard.read' }).at(-1)).toMatchObject({ outcome: 'ok', actor: { id: clerk.operatorId } });
    expect(JSON.stringify(service.context.audit.list({ action: 'idcard.read' }))).not.toContain(citizen.idNumber);
    // an auditor reads no cards
    const auditor = await service.signIn('auditor');
    expect((await call('POST', '/api/devices/idcard/read', auditor.headers, {})).json().code).toBe('FORBIDDEN');
  });

  it('no card on the reader: NO_CARD in both languages; the service keeps serving', async () => {
    idcard.removeCard();
    try {
      const response = await call('POST', '/api/devices/idcard/read', clerk.headers, {});
      expect([response.statusCode, response.json().code]).toEqual([404, 'NO_CARD']);
      expect(response.json().message_zh).toBe('请将身份证放在读卡区。');
    } finally {
      idcard.insertCard(citizen);
    }
    expect((await call('POST', '/api/devices/idcard/read', clerk.headers, {})).statusCode).toBe(200);
  });
});

describe('counter: stamp, then print the document and the receipt', () => {
  it('prints the stamped PDF on the IPP printer and a receipt whose QR reads the verification URL; a retry prints nothing twice', async () => {
    const input = await readFile(await pdfLibDocument(dir, 'application.pdf', 1));
    const doc = await upload(service, clerk.headers, input);
    const stamped = await call('POST', '/api/stamps', { ...clerk.headers, 'idempotency-key': 'counter-print-0001' }, { documentId: doc.documentId, sealId: business.id, placement: { kind: 'position', page: 1, x: 380, y: 90 }, pin: USER_PIN });
    expect(stamped.statusCode, stamped.body).toBe(201);
    const job = stamped.json();
    const spoolBefore = spooled().length;
    const receiptsBefore = receipts.receipts.length;

    const printed = await call('POST', `/api/stamps/${job.id}/print`, clerk.headers, {});
    expect(printed.statusCode, printed.body).toBe(200);
    expect(printed.json()).toMatchObject({ stampId: job.id, document: { detail: expect.stringMatching(/^IPP job \d+ completed/) }, receipt: { detail: expect.stringMatching(/^printed/) } });
    expect(spooled()).toHaveLength(spoolBefore + 1);
    const onPrinter = await readFile(join(printer.spoolDir, spooled().sort((a, b) => parseInt(a) - parseInt(b)).at(-1)!));
    const fetched = await call('GET', `/api/stamps/${job.id}/pdf`, clerk.headers);
    expect(onPrinter.equals(fetched.rawPayload)).toBe(true);
    await receipts.waitForReceipts(receiptsBefore + 1);
    expect(paperQr(receiptsBefore)).toBe(job.result.verificationUrl);
    expect(receipts.receipts[receiptsBefore]!.lines.map((l) => l.text)).toContain(`印章：${business.name}`);

    // the same request again: both are printed already, nothing goes to a printer
    const again = await call('POST', `/api/stamps/${job.id}/print`, clerk.headers, {});
    expect(again.json()).toEqual(printed.json());
    expect(spooled()).toHaveLength(spoolBefore + 1);
    expect(receipts.receipts).toHaveLength(receiptsBefore + 1);
    expect(service.context.audit.list({ action: 'print.document' }).at(-1)).toMatchObject({ outcome: 'ok', target: job.id });
  });

  it('paper runs out mid-receipt: PRINTER_PAPER_OUT, the stamp stays done; after paper in the retry resumes and the receipt is printed once', async () => {
    const input = await readFile(await pdfLibDocument(dir, 'application-2.pdf', 1));
    const doc = await upload(service, clerk.headers, input);
    const job = (await call('POST', '/api/stamps', clerk.headers, { documentId: doc.documentId, sealId: business.id, placement: { kind: 'position', page: 1, x: 380, y: 90 }, pin: USER_PIN })).json();
    const eventsBefore = stampedEvents();
    const receiptsBefore = receipts.receipts.length;
    receipts.runOutAfterLines(2);
    const stopped = await call('POST', `/api/stamps/${job.id}/print`, clerk.headers, { document: false });
    expect([stopped.statusCode, stopped.json().code]).toEqual([503, 'PRINTER_PAPER_OUT']);
    const devices = (await call('GET', '/api/devices', clerk.headers)).json<Array<{ kind: string; waiting?: string | null; activity?: string }>>();
    // the panel names what the printer holds the receipt for: paper out, not merely "waiting"
    expect(devices.find((d) => d.kind === 'receipt')).toMatchObject({ waiting: job.id, activity: 'paper-out' });

    receipts.setPaper('ok');
    const resumed = await call('POST', `/api/stamps/${job.id}/print`, clerk.headers, { document: false });
    expect(resumed.statusCode, resumed.body).toBe(200);
    expect(resumed.json().receipt.detail).toMatch(/^resumed/);
    const after = (await call('GET', '/api/devices', clerk.headers)).json<Array<{ kind: string; waiting?: string | null; activity?: string }>>();
    expect(after.find((d) => d.kind === 'receipt')).toMatchObject({ waiting: null, activity: 'idle' });
    await receipts.waitForReceipts(receiptsBefore + 1);
    await new Promise((r) => setTimeout(r, 100));
    expect(receipts.receipts).toHaveLength(receiptsBefore + 1);
    const text = receipts.receipts[receiptsBefore]!.lines.map((l) => l.text);
    expect(text.filter((l) => l === '盖章回执')).toHaveLength(1); // nothing printed twice
    expect(paperQr(receiptsBefore)).toBe(job.result.verificationUrl);
    expect(stampedEvents()).toBe(eventsBefore); // printing never stamps again
  });
});

describe('kiosk: tap the card, choose a template, get a stamped and printed certificate', () => {
  beforeAll(async () => {
    // a kiosk's seal token is opened at start from the configured secret
    if (!service.token.isLoggedIn) await service.token.login(USER_PIN);
  });

  const fields = { residenceAddress: '浙江省杭州市西湖区文三路90号3幢201室', residenceSince: '2020-09-01', purpose: '子女入学' };

  it('without a card read first: CARD_NOT_READ', async () => {
    await call('DELETE', '/api/devices/idcard/card', kiosk.headers);
    const response = await call('POST', '/api/kiosk/certificates', kiosk.headers, { templateId: 'residence-certificate', fields });
    expect([response.statusCode, response.json().code]).toEqual([409, 'CARD_NOT_READ']);
  });

  it('preview, then issue: the certificate names the holder, carries the kiosk’s official seal, verifies, is printed with its receipt; the card is forgotten', async () => {
    expect((await call('POST', '/api/devices/idcard/read', kiosk.headers, {})).statusCode).toBe(200);
    const preview = await call('POST', '/api/kiosk/preview', kiosk.headers, { templateId: 'residence-certificate', fields });
    expect(preview.statusCode, preview.body.slice(0, 300)).toBe(200);
    expect(preview.headers['content-type']).toBe('application/pdf');
    expect(preview.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');

    const spoolBefore = spooled().length;
    const receiptsBefore = receipts.receipts.length;
    const issued = await call('POST', '/api/kiosk/certificates', { ...kiosk.headers, 'idempotency-key': 'kiosk-01-0001' }, { templateId: 'residence-certificate', fields });
    expect(issued.statusCode, issued.body).toBe(201);
    const body = issued.json();
    expect(body).toMatchObject({ template: 'residence-certificate', seal: { id: official.id }, printError: null, licence: null, licenceError: null, stamp: { status: 'done', operatorId: kiosk.operatorId } });
    const pdf = await call('GET', `/api/stamps/${body.stamp.id}/pdf`, kiosk.headers);
    const out = join(dir, 'residence.pdf');
    await writeFile(out, pdf.rawPayload);
    const report = await verifyPdf(out, { home: service.context.home });
    expect(report.status).toBe('valid');
    expect(report.signatures[0]?.seal?.id).toBe(official.id);
    expect(spooled()).toHaveLength(spoolBefore + 1);
    await receipts.waitForReceipts(receiptsBefore + 1);
    expect(paperQr(receiptsBefore)).toBe(body.stamp.result.verificationUrl);

    // the same key again (the kiosk's screen timed out before the answer): the same certificate, not a second one
    const events = stampedEvents();
    const retry = await call('POST', '/api/kiosk/certificates', { ...kiosk.headers, 'idempotency-key': 'kiosk-01-0001' }, { templateId: 'residence-certificate', fields });
    expect(retry.statusCode, retry.body).toBe(200);
    expect(retry.json().stamp.id).toBe(body.stamp.id);
    expect(stampedEvents()).toBe(events);
    expect(spooled()).toHaveLength(spoolBefore + 1);
    // the citizen's card is gone from the kiosk
    const next = await call('POST', '/api/kiosk/certificates', kiosk.headers, { templateId: 'residence-certificate', fields });
    expect(next.json().code).toBe('CARD_NOT_READ');
  });

  it('a template whose seal the kiosk does not hold: KIOSK_NO_SEAL; a missing field: TEMPLATE_FIELD_MISSING; nothing stamped', async () => {
    const events = stampedEvents();
    const otherKiosk = await service.signIn('kiosk', service.organisations.own, { grantSeals: [business] });
    expect((await call('POST', '/api/devices/idcard/read', otherKiosk.headers, {})).statusCode).toBe(200);
    const noSeal = await call('POST', '/api/kiosk/certificates', otherKiosk.headers, { templateId: 'residence-certificate', fields });
    expect([noSeal.statusCode, noSeal.json().code]).toEqual([409, 'KIOSK_NO_SEAL']);
    expect((await call('POST', '/api/devices/idcard/read', kiosk.headers, {})).statusCode).toBe(200);
    const missing = await call('POST', '/api/kiosk/certificates', kiosk.headers, { templateId: 'residence-certificate', fields: { purpose: '子女入学' } });
    expect([missing.statusCode, missing.json().code]).toEqual([400, 'TEMPLATE_FIELD_MISSING']);
    const unknown = await call('POST', '/api/kiosk/certificates', kiosk.headers, { templateId: 'no-such-template', fields });
    expect([unknown.statusCode, unknown.json().code]).toEqual([404, 'TEMPLATE_NOT_FOUND']);
    expect(stampedEvents()).toBe(events);
  });

  it('a template asking for OFD with a kiosk seal that has no GB/T 38540 e-seal (P-256): KIOSK_ESEAL_REQUIRED (zh/en) for preview and issue, never a silent PDF; nothing stamped or printed', async () => {
    const residence = JSON.parse(await readFile(join(import.meta.dirname, '../../../templates/residence-certificate.json'), 'utf8')) as Record<string, unknown>;
    await addTemplate(service.context.home, { ...residence, id: 'residence-certificate-ofd', format: 'ofd' });
    const events = stampedEvents();
    const spoolBefore = spooled().length;
    const receiptsBefore = receipts.receipts.length;
    expect((await call('POST', '/api/devices/idcard/read', kiosk.headers, {})).statusCode).toBe(200);
    for (const url of ['/api/kiosk/preview', '/api/kiosk/certificates']) {
      const refused = await call('POST', url, kiosk.headers, { templateId: 'residence-certificate-ofd', fields });
      expect(refused.statusCode).toBe(409);
      expect(refused.headers['content-type']).toContain('application/json');
      expect(refused.json()).toMatchObject({ code: 'KIOSK_ESEAL_REQUIRED', message_en: expect.stringContaining('is issued as an OFD e-licence'), details: { seal: official.name } });
      expect(refused.json().message_zh).toContain('OFD 电子证照');
    }
    expect(stampedEvents()).toBe(events);
    expect(spooled()).toHaveLength(spoolBefore);
    expect(receipts.receipts.length).toBe(receiptsBefore);
  });
});
