/**
 * Issue 18 item 4's other half: a citizen reads what to do, and the technical detail goes to the
 * service log for staff. These are the lines a staff member searches for: the 5xx detail (which
 * device, its path) and the kiosk's print failure (which stamp, what printed), written through the
 * service's own logger, with the detail the citizen's answer leaves out.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { sampleCitizen, startIdCardReader } from '../../../simulator/idcard/index.js';
import { startIppPrinter } from '../../../simulator/ipp-printer/ipp-printer.js';
import { startReceiptPrinter } from '../../../simulator/receipt/index.js';
import { serviceSettings } from '../../../appliance/service/service-settings.js';
import { afterFile } from '../../helpers/after-file.js';
import { startTestService } from '../../helpers/service.js';
import { USER_PIN } from '../../helpers/softhsm.js';

const lines: Array<Record<string, unknown>> = [];
const logStream = { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) };
const citizen = sampleCitizen({ name: '王小明', address: '浙江省杭州市西湖区文三路90号' });
const [idcard, receipts, printer] = await Promise.all([startIdCardReader({ identity: citizen }), startReceiptPrinter(), startIppPrinter()]);
afterFile(async () => {
  await Promise.all([idcard.close(), receipts.close(), printer.close()]);
});
const missingReader = '/tmp/sealdesk-no-such-reader/idcard-host';
const service = await startTestService({ parts: { settings: serviceSettings({ port: 0, logLevel: 'warn', logStream }), devices: { idcard: idcard.hostPath, receipt: receipts.hostPath, printerUri: printer.uri } } });
const official = service.seals[0]!;
let kiosk: { authorization: string };
const fields = { residenceAddress: '浙江省杭州市西湖区文三路90号3幢201室', residenceSince: '2020-09-01', purpose: '子女入学' };

beforeAll(async () => {
  kiosk = (await service.signIn('kiosk', service.organisations.own, { grantSeals: [official] })).headers;
  // a kiosk's seal token is opened at start from the configured secret
  if (!service.token.isLoggedIn) await service.token.login(USER_PIN);
});

describe('what staff find in the log', () => {
  it('a device failing (5xx): the log line names the code and the device the answer failed on', async () => {
    const devices = service.context.devices as { idcard?: string };
    const fitted = devices.idcard;
    devices.idcard = missingReader;
    try {
      const response = await service.app.inject({ method: 'POST', url: '/api/devices/idcard/read', headers: kiosk, payload: {} });
      expect(response.statusCode, response.body).toBeGreaterThanOrEqual(500);
      const { code } = response.json() as { code: string };
      const line = lines.find((l) => l.code === code && l.level === 40);
      expect(line, JSON.stringify(lines)).toBeDefined();
      // the staff's line carries what the citizen's answer must not: where the device was looked for
      expect(JSON.stringify(line!.details)).toContain('sealdesk-no-such-reader');
      expect(String(line!.msg)).not.toBe('');
      expect(line!.reqId).toBeDefined();
    } finally {
      devices.idcard = fitted;
    }
  });

  it('the kiosk’s receipt fails after the certificate printed: "kiosk print failed" says which stamp, which printer and what printed', async () => {
    expect((await service.app.inject({ method: 'POST', url: '/api/devices/idcard/read', headers: kiosk, payload: {} })).statusCode).toBe(200);
    receipts.setPaper('out');
    try {
      const issued = await service.app.inject({ method: 'POST', url: '/api/kiosk/certificates', headers: { ...kiosk, 'idempotency-key': 'log-kiosk-0001' }, payload: { templateId: 'residence-certificate', fields } });
      expect(issued.statusCode, issued.body).toBe(201);
      const body = issued.json() as { stamp: { id: string }; printError: { code: string } | null };
      expect(body.printError?.code).toBe('PRINTER_PAPER_OUT');
      const line = lines.find((l) => l.msg === 'kiosk print failed');
      expect(line, JSON.stringify(lines)).toMatchObject({ level: 40, stamp: body.stamp.id, code: 'PRINTER_PAPER_OUT', printed: { document: true, receipt: false } });
      // which printer: the detail for the staff member who goes to load paper
      expect(JSON.stringify(line!.details)).toContain(receipts.hostPath);
    } finally {
      receipts.setPaper('ok');
    }
  });
});
