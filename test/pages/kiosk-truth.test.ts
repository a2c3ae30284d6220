/**
 * What the kiosk tells a citizen when something fails (issue 18 items 3, 4), in real Chromium on
 * the simulated hall with a chain (so the certificate comes with a licence code): the receipt
 * printer out of paper after the certificate printed is shown as exactly that, in words that say
 * what to do and name no device; printing again prints only the receipt; the licence code is in
 * groups that wrap on a narrow screen; a silent card reader is a sentence, not a device path.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureServiceChain } from '../appliance/service/helpers/service-chain.js';
import { afterFile } from '../helpers/after-file.js';
import { launchChromium, openContext, screenshot, seriousA11yViolations } from '../helpers/browser.js';
import { USER_PIN } from '../helpers/softhsm.js';
import { startHallForPages } from './helpers/hall-service.js';

const hall = await startHallForPages();
const chain = await configureServiceChain(hall.service);
afterFile(() => chain.close());
const official = hall.service.seals[0]!;
const FIELDS = { residenceAddress: '浙江省杭州市西湖区文三路90号3幢201室', residenceSince: '2020-09-01', purpose: '子女入学' };
// a narrow kiosk screen: a licence code in one line would not fit
const NARROW_SCREEN = { width: 600, height: 1000 };
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  await hall.service.token.login(USER_PIN);
  const kiosk = await hall.kiosk([official]);
  browser = await launchChromium();
  context = await openContext(browser, hall.baseUrl, { viewport: NARROW_SCREEN });
  page = await context.newPage();
  page.setDefaultTimeout(20_000);
  await page.goto('/kiosk');
  await page.getByLabel('终端编号').fill(kiosk.terminal);
  await page.getByLabel('终端凭据').fill(kiosk.credential);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByTestId('kiosk-welcome').waitFor();
}, 90_000);

afterAll(async () => {
  await browser?.close();
});

interface Issued {
  stamp: { id: string };
  licence: { code: string | null } | null;
  prints: { document: unknown; receipt: unknown } | null;
}

/** What no citizen should read: the device's path, or any temp path. */
function devicePaths(text: string): string[] {
  return [hall.receipts.hostPath, hall.idcard.hostPath, '/tmp/', '/dev/'].filter((p) => text.includes(p));
}

describe('the kiosk tells the truth', () => {
  it('certificate printed, receipt out of paper: each shown as it is, what to do said without a device; printing again prints only the receipt', async () => {
    await page.getByRole('button', { name: '开始：读取身份证' }).click();
    await page.getByRole('button', { name: /居住证明/ }).click();
    await page.getByLabel('现居住地址').fill(FIELDS.residenceAddress);
    await page.getByLabel('居住起始日期').fill(FIELDS.residenceSince);
    await page.getByRole('radio', { name: FIELDS.purpose }).check();
    await page.getByRole('button', { name: '下一步：预览' }).click();
    await page.locator('[data-testid="kiosk-preview"][data-rendered="yes"]').waitFor({ timeout: 30_000 });

    hall.receipts.setPaper('out');
    const spoolBefore = hall.spooled().length;
    const receiptsBefore = hall.receipts.receipts.length;
    const [answer] = await Promise.all([page.waitForResponse('**/api/kiosk/certificates'), page.getByRole('button', { name: '确认无误，盖章并打印' }).click()]);
    expect(answer.status()).toBe(201);
    const issued = (await answer.json()) as Issued;
    // the API says the certificate printed though the receipt did not
    expect(issued.prints?.document).not.toBeNull();
    expect(issued.prints?.receipt).toBeNull();
    const done = page.getByTestId('kiosk-done');
    await done.waitFor();
    const printed = page.getByTestId('kiosk-printed');
    expect(await printed.locator('li[data-printed="yes"]').innerText()).toContain('证明已打印');
    expect(await printed.locator('li[data-printed="no"]').innerText()).toContain('回执未打印');
    expect(await done.getByRole('alert').innerText()).toContain('回执打印失败，请联系窗口工作人员。');
    expect(devicePaths(await page.locator('body').innerText())).toEqual([]);
    expect(hall.spooled()).toHaveLength(spoolBefore + 1);

    // the licence code: grouped by four, on screen as one string, and the page no wider than the screen
    expect(issued.licence?.code).toBeTruthy();
    const code = issued.licence!.code!;
    const shown = page.getByTestId('kiosk-licence-code');
    const groups = await shown.locator('.kiosk-code-group').allInnerTexts();
    expect(groups.join('')).toBe(code);
    expect(groups.slice(0, -1).every((g) => g.length === 4)).toBe(true);
    const widths = await page.evaluate('({ scroll: document.documentElement.scrollWidth, viewport: window.innerWidth })');
    const { scroll, viewport } = widths as { scroll: number; viewport: number };
    expect(scroll, `the page is ${scroll} px wide on a ${viewport} px screen`).toBeLessThanOrEqual(viewport);
    await screenshot(page, 'kiosk-truth-receipt-failed-zh-CN');
    expect(await seriousA11yViolations(page)).toEqual([]);

    hall.receipts.setPaper('ok');
    await page.getByRole('button', { name: '重新打印未打印的部分' }).click();
    await expect.poll(() => printed.locator('li[data-printed="yes"]').count(), { timeout: 20_000 }).toBe(2);
    expect(await printed.innerText()).toMatch(/证明已打印[\s\S]*回执已打印/);
    expect(await page.getByRole('button', { name: '重新打印未打印的部分' }).count()).toBe(0);
    expect(await done.getByRole('alert').count()).toBe(0);
    await hall.receipts.waitForReceipts(receiptsBefore + 1);
    // only the receipt: the certificate was not printed twice
    expect(hall.spooled()).toHaveLength(spoolBefore + 1);
    await screenshot(page, 'kiosk-truth-reprinted-zh-CN');

    await page.getByTestId('locale-switch').click();
    expect(await printed.innerText()).toMatch(/Certificate printed[\s\S]*Receipt printed/);
    await page.getByTestId('locale-switch').click();
    await page.getByRole('button', { name: '完成，返回首页' }).click();
    await page.getByTestId('kiosk-welcome').waitFor();
  });

  it('a card reader that does not answer: the citizen is told whom to ask, not the device path', async () => {
    hall.idcard.setFault({ silent: 50 });
    try {
      await page.getByRole('button', { name: '开始：读取身份证' }).click();
      const alert = page.getByTestId('kiosk').getByRole('alert');
      await alert.waitFor({ timeout: 30_000 });
      expect(await alert.innerText()).toContain('读卡器暂时无法使用，请联系窗口工作人员。');
      expect(devicePaths(await page.locator('body').innerText())).toEqual([]);
      await screenshot(page, 'kiosk-truth-reader-silent-zh-CN');
      await page.getByTestId('locale-switch').click();
      expect(await alert.innerText()).toContain('The card reader cannot be used just now; please ask the staff at a service window.');
      await page.getByTestId('locale-switch').click();
    } finally {
      hall.idcard.clearFaults();
    }
  });
});
