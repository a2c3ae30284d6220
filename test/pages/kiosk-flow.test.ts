/**
 * The kiosk page in real Chromium against the simulated hall (SoftHSM token opened at start as a
 * kiosk's is, the ID-card reader and receipt printer simulators on real ptys, a real
 * ippeveprinter): the citizen taps the card, chooses a certificate, fills it in, previews it,
 * confirms, and leaves with the printed certificate, its receipt and a QR code on screen that reads
 * back the verification URL (or the licence code). Left alone, the kiosk returns to the start
 * and the appliance forgets the card.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openContext, screenshot, seriousA11yViolations } from '../helpers/browser.js';
import { USER_PIN } from '../helpers/softhsm.js';
import { canvasInk } from './helpers/canvas-ink.js';
import { startHallForPages } from './helpers/hall-service.js';
import { readQr } from './helpers/read-qr.js';

const hall = await startHallForPages();
const official = hall.service.seals[0]!;
const FIELDS = { residenceAddress: '浙江省杭州市西湖区文三路90号3幢201室', residenceSince: '2020-09-01', purpose: '子女入学' };
// a portrait kiosk screen
const KIOSK_SCREEN = { width: 1080, height: 1920 };
let browser: Browser;
let context: BrowserContext;
let page: Page;

interface Issued {
  stamp: { id: string; result: { verificationUrl: string } };
  licence?: { code: string } | null;
}

beforeAll(async () => {
  // a kiosk's seal token is opened at start from the configured secret: nobody types a PIN
  await hall.service.token.login(USER_PIN);
  const kiosk = await hall.kiosk([official]);
  browser = await launchChromium();
  context = await openContext(browser, hall.baseUrl, { viewport: KIOSK_SCREEN });
  page = await context.newPage();
  page.setDefaultTimeout(15_000);
  await page.goto('/kiosk');
  await page.getByLabel('终端编号').fill(kiosk.terminal);
  await page.getByLabel('终端凭据').fill(kiosk.credential);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByTestId('kiosk-welcome').waitFor();
}, 60_000);

it('the terminal is signed in by its session cookie alone (the pages hold no token)', async () => {
  const me = await context.request.get('/api/session');
  expect(me.status(), `the session cookie is not accepted: ${await me.text()}`).toBe(200);
  expect(await me.json()).toMatchObject({ role: 'kiosk', displayName: '一号自助机' });
});

afterAll(async () => {
  await browser?.close();
});

const certificateWithoutCard = () => context.request.post('/api/kiosk/certificates', { data: { templateId: 'residence-certificate', fields: FIELDS } });

describe('kiosk flow', () => {
  it('card → template → fields → preview → confirm → printed, with the QR code on screen; then back to the start', async () => {
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    await expect(page.getByTestId('kiosk-welcome').innerText()).resolves.toContain('欢迎使用自助开证服务');
    await screenshot(page, 'kiosk-flow-start-zh-CN');
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.getByRole('button', { name: '开始：读取身份证' }).click();
    const masked = `${hall.citizen.idNumber[0]}${'*'.repeat(16)}${hall.citizen.idNumber.at(-1)}`;
    await expect(page.getByTestId('kiosk-holder').innerText()).resolves.toBe(`持证人: 王小明 ${masked}`);
    const residence = page.getByRole('button', { name: /居住证明/ });
    await residence.waitFor();
    // only what a citizen can fill in alone is offered: the licence copy needs a clerk's fields
    expect(await page.getByTestId('template-business-licence-copy').count()).toBe(0);
    // large touch targets
    for (const target of await page.locator('main .tiles button').all()) expect((await target.boundingBox())!.height).toBeGreaterThanOrEqual(64);
    await screenshot(page, 'kiosk-flow-choose-zh-CN');
    expect(await seriousA11yViolations(page)).toEqual([]);

    await residence.click();
    await page.getByLabel('现居住地址').fill(FIELDS.residenceAddress);
    await page.getByLabel('居住起始日期').fill(FIELDS.residenceSince);
    await page.getByRole('radio', { name: FIELDS.purpose }).check();
    for (const target of await page.locator('main form input:not([type="radio"]), main form button, main form .kiosk-choice').all()) {
      expect((await target.boundingBox())!.height).toBeGreaterThanOrEqual(64);
    }
    await screenshot(page, 'kiosk-flow-fill-zh-CN');
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.getByRole('button', { name: '下一步：预览' }).click();
    await page.locator('[data-testid="kiosk-preview"][data-rendered="yes"]').waitFor({ timeout: 20_000 });
    await expect(page.getByRole('heading', { name: '请核对证明内容' }).count()).resolves.toBe(1);
    expect(await canvasInk(page.getByRole('img', { name: '证明预览第 1 页' }))).toBeGreaterThan(1000);
    await screenshot(page, 'kiosk-flow-preview-zh-CN');
    expect(await seriousA11yViolations(page)).toEqual([]);

    const spoolBefore = hall.spooled().length;
    const receiptsBefore = hall.receipts.receipts.length;
    const [answer] = await Promise.all([page.waitForResponse('**/api/kiosk/certificates'), page.getByRole('button', { name: '确认无误，盖章并打印' }).click()]);
    expect(answer.status()).toBe(201);
    expect(answer.request().headers()['idempotency-key']).toMatch(/^[0-9a-f]{32}$/);
    const issued = (await answer.json()) as Issued;
    const done = page.getByTestId('kiosk-done');
    await done.waitFor();
    expect(await done.innerText()).toContain('办理完成');
    expect(await page.getByTestId('kiosk-printed').locator('li[data-printed="yes"]').count()).toBe(2);
    expect(await page.getByTestId('kiosk-printed').innerText()).toMatch(/证明已打印[\s\S]*回执已打印/);
    // the QR on screen: the licence code when the appliance issued one, else the verification URL
    const qr = page.getByRole('img', { name: '证明核验二维码' });
    await qr.waitFor();
    const expected = issued.licence?.code ?? issued.stamp.result.verificationUrl;
    expect(readQr(await qr.screenshot())).toBe(expected);
    if (issued.licence) expect(await page.getByTestId('kiosk-licence-code').innerText()).toContain(issued.licence.code);
    // what came out of the printers: the certificate in the spool, the receipt with the same QR
    expect(hall.spooled()).toHaveLength(spoolBefore + 1);
    await hall.receipts.waitForReceipts(receiptsBefore + 1);
    expect(readQr(hall.receipts.receipts[receiptsBefore]!.png())).toBe(issued.stamp.result.verificationUrl);
    // the full ID number never reached the screen
    expect(await page.locator('body').innerText()).not.toContain(hall.citizen.idNumber);
    await screenshot(page, 'kiosk-flow-done-zh-CN');
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.getByTestId('locale-switch').click();
    expect(await done.innerText()).toMatch(/Done[\s\S]*Certificate printed[\s\S]*Receipt printed/);
    await page.getByRole('img', { name: 'QR code to verify the certificate' }).waitFor();
    await screenshot(page, 'kiosk-flow-done-en');
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Finish and return to the start' }).click();
    await expect(page.getByTestId('kiosk-welcome').innerText()).resolves.toContain('Welcome to the self-service certificate kiosk');
    expect(await page.locator('body').innerText()).not.toContain('王小明');
    // the certificate took the card: nothing more can be issued on it
    expect((await (await certificateWithoutCard()).json()).code).toBe('CARD_NOT_READ');
  });

  it('English remembered on the next visit: card → choose → fill in, with screenshots', async () => {
    await page.goto('/kiosk');
    await expect(page.getByTestId('kiosk-welcome').innerText()).resolves.toContain('Welcome to the self-service certificate kiosk');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.getByRole('button', { name: 'Start: read my ID card' }).click();
    await page.getByRole('button', { name: /Residence certificate/ }).click();
    await expect(page.getByTestId('kiosk-form').innerText()).resolves.toMatch(/Please fill in[\s\S]*Current address[\s\S]*Living there since[\s\S]*Purpose/);
    await screenshot(page, 'kiosk-flow-fill-en');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Back' }).click();
    await page.getByRole('heading', { name: 'Choose the certificate you need' }).waitFor();
    await screenshot(page, 'kiosk-flow-choose-en');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Back' }).click();
    await page.getByTestId('kiosk-welcome').waitFor();
    await page.getByTestId('locale-switch').click();
  });

  it('left alone mid-way (idle time from ?idle=), the kiosk returns to the start, forgets what was typed, and the appliance forgets the card', async () => {
    await page.goto('/kiosk?idle=2');
    await page.getByRole('button', { name: '开始：读取身份证' }).click();
    await page.getByRole('button', { name: /居住证明/ }).click();
    await page.getByLabel('现居住地址').fill(FIELDS.residenceAddress);
    await expect(page.getByTestId('kiosk-holder').innerText()).resolves.toContain('王小明');
    const left = Date.now();

    await page.getByTestId('kiosk-welcome').waitFor({ timeout: 10_000 });
    expect(Date.now() - left).toBeGreaterThanOrEqual(1500);
    const body = await page.locator('body').innerText();
    expect(body).not.toContain('王小明');
    expect(body).not.toContain(FIELDS.residenceAddress);
    expect(await page.getByTestId('kiosk').getAttribute('data-step')).toBe('start');
    // the reset told the appliance: a certificate asked for now has no card to go on
    await expect.poll(async () => (await (await certificateWithoutCard()).json()).code, { timeout: 5_000 }).toBe('CARD_NOT_READ');
    await screenshot(page, 'kiosk-flow-idle-reset-zh-CN');
  });
});
