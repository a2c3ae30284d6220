/**
 * The kiosk page in real Chromium issuing an OFD e-licence (issue 16 item 4): the hall set the
 * residence certificate to OFD and the kiosk holds a GB/T 38540 seal on a simulated GM key. The
 * citizen goes through the same screens (the preview is the PDF of the same layout); the done
 * screen says the e-licence was issued as OFD and that what printed is its paper copy, each print
 * as it is, and its QR reads back the stamp's verification URL, as the printed copy's does.
 */
import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addTemplate } from '../../appliance/templates/index.js';
import { buildPages } from '../../scripts/build-pages.js';
import { sampleCitizen, startIdCardReader } from '../../simulator/idcard/index.js';
import { startIppPrinter } from '../../simulator/ipp-printer/ipp-printer.js';
import { startReceiptPrinter } from '../../simulator/receipt/index.js';
import { afterFile } from '../helpers/after-file.js';
import { launchChromium, openContext, screenshot, seriousA11yViolations } from '../helpers/browser.js';
import { startGmKeyService } from '../helpers/gm-key-service.js';
import { readQr } from './helpers/read-qr.js';

const citizen = sampleCitizen({ name: '王小明', address: '浙江省杭州市西湖区文三路90号' });
const [idcard, receipts, printer] = await Promise.all([startIdCardReader({ identity: citizen }), startReceiptPrinter(), startIppPrinter(), buildPages()]);
afterFile(async () => {
  await Promise.all([idcard.close(), receipts.close(), printer.close()]);
});
const service = await startGmKeyService({ parts: { devices: { idcard: idcard.hostPath, receipt: receipts.hostPath, printerUri: printer.uri } } });
await service.app.listen({ host: '127.0.0.1', port: 0 });
const address = service.app.server.address();
const baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
const FIELDS = { residenceAddress: '浙江省杭州市西湖区文三路90号3幢201室', residenceSince: '2020-09-01', purpose: '子女入学' };
const spooled = () => readdirSync(printer.spoolDir).filter((f) => f.endsWith('.pdf'));
let browser: Browser;
let page: Page;

beforeAll(async () => {
  // the hall's choice: the administrator's residence certificate, as OFD
  const residence = JSON.parse(await readFile(join(import.meta.dirname, '../../templates/residence-certificate.json'), 'utf8')) as Record<string, unknown>;
  await addTemplate(service.context.home, { ...residence, format: 'ofd' });
  const { directory } = service.context;
  const created = await directory.operators.create({ username: 'kiosk-ofd-1', displayName: '一号自助机', role: 'kiosk', organisationId: service.organisation.id });
  directory.grants.grant(service.eseal.id, service.organisation.id, created.operator.id, 'test');
  browser = await launchChromium();
  const context = await openContext(browser, baseUrl, { viewport: { width: 1080, height: 1920 } });
  page = await context.newPage();
  page.setDefaultTimeout(20_000);
  await page.goto('/kiosk');
  await page.getByLabel('终端编号').fill('kiosk-ofd-1');
  await page.getByLabel('终端凭据').fill(created.terminalCredential!);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByTestId('kiosk-welcome').waitFor();
}, 240_000);

afterAll(async () => {
  await browser?.close();
});

describe('kiosk: an OFD e-licence', { timeout: 180_000 }, () => {
  it('card → template → fields → preview → confirm: the done screen says OFD and its paper copy, each print as it is, and the QR of the stamp', async () => {
    await page.getByRole('button', { name: '开始：读取身份证' }).click();
    await page.getByRole('button', { name: /居住证明/ }).click();
    await page.getByLabel('现居住地址').fill(FIELDS.residenceAddress);
    await page.getByLabel('居住起始日期').fill(FIELDS.residenceSince);
    await page.getByRole('radio', { name: FIELDS.purpose }).check();
    await page.getByRole('button', { name: '下一步：预览' }).click();
    await page.locator('[data-testid="kiosk-preview"][data-rendered="yes"]').waitFor({ timeout: 60_000 });

    const spoolBefore = spooled().length;
    const [answer] = await Promise.all([page.waitForResponse('**/api/kiosk/certificates', { timeout: 120_000 }), page.getByRole('button', { name: '确认无误，盖章并打印' }).click()]);
    expect(answer.status(), await answer.text()).toBe(201);
    const issued = (await answer.json()) as { format: string; stamp: { id: string; result: { verificationUrl: string } } };
    expect(issued.format).toBe('ofd');
    const done = page.getByTestId('kiosk-done');
    await done.waitFor();
    await expect(page.getByTestId('kiosk-format').innerText()).resolves.toBe('电子证照已按 OFD 格式签发（国标电子印章），打印的是它的纸质版。');
    expect(await page.getByTestId('kiosk-printed').locator('li[data-printed="yes"]').count()).toBe(2);
    expect(await page.getByTestId('kiosk-printed').innerText()).toMatch(/证明已打印[\s\S]*回执已打印/);
    expect(spooled()).toHaveLength(spoolBefore + 1);
    const qr = page.getByRole('img', { name: '证明核验二维码' });
    await qr.waitFor();
    expect(readQr(await qr.screenshot())).toBe(issued.stamp.result.verificationUrl);
    await screenshot(page, 'kiosk-ofd-done-zh-CN');
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.getByTestId('locale-switch').click();
    await expect(page.getByTestId('kiosk-format').innerText()).resolves.toBe('The e-licence was issued as an OFD (GB/T 38540 e-seal); what printed is its paper copy.');
    // the issued document is the OFD: the kiosk's download of its own certificate says so
    const download = await page.context().request.get(`/api/stamps/${issued.stamp.id}/pdf`);
    expect([download.status(), download.headers()['content-type']]).toEqual([200, 'application/ofd']);
  });
});
