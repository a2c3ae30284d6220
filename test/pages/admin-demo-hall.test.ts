/**
 * The admin page on a fresh demo hall (`npm start`: four tokens, the CA's key on a token of its
 * own, closed), in real Chromium (issue 18 item 6). A session of another role left in the browser
 * (the kiosk's) is not shown the admin's sections; the demo admin sees every seal with its image,
 * the organisations and tokens to choose from, and creates a seal from the page: the service
 * names the CA token it needs before any key is made, and the CA token's own PIN opens it.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoHall, type DemoHall } from '../../appliance/hall/start-demo-hall.js';
import { buildPages } from '../../scripts/build-pages.js';
import { afterFile } from '../helpers/after-file.js';
import { launchChromium, openContext, screenshot, seriousA11yViolations } from '../helpers/browser.js';
import { tempDir } from '../helpers/temp-dir.js';

const NEW_SEAL = '合同专用章';
let hall: DemoHall;
let browser: Browser;
let context: BrowserContext;
let page: Page;

const secretOf = (username: string) => {
  const found = hall.signIns.find((s) => s.username === username);
  return found?.password ?? found?.credential ?? '';
};

beforeAll(async () => {
  const home = await tempDir('admin-demo-hall');
  await buildPages();
  hall = await startDemoHall(home, { port: 0, log: () => undefined });
  afterFile(() => hall.stop());
  browser = await launchChromium();
  context = await openContext(browser, hall.url);
  page = await context.newPage();
  page.setDefaultTimeout(20_000);
}, 240_000);

afterAll(async () => {
  await browser?.close();
});

const sealRow = (name: string) => page.getByTestId('seal-row').filter({ hasText: name });
const keysOn = async (serial: string) => ((await (await context.request.get(`/api/tokens/${serial}/keys`)).json()) as { keys: unknown[] }).keys.length;

describe('the demo admin’s seals', () => {
  it('a kiosk’s session left in the browser: the admin page asks for an administrator’s sign-in, it shows the kiosk nothing', async () => {
    const kiosk = hall.signIns.find((s) => s.role === 'kiosk')!;
    await page.goto('/kiosk');
    await page.getByLabel('终端编号').fill(kiosk.username);
    await page.getByLabel('终端凭据').fill(secretOf(kiosk.username));
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByTestId('kiosk-welcome').waitFor();

    await page.goto('/admin');
    await page.getByTestId('sign-in').waitFor();
    expect(await page.getByTestId('tab-seals').count()).toBe(0);
    expect(await page.getByTestId('seals-section').count()).toBe(0);
  });

  it('signed in as the demo admin: every seal with its image, the organisations and the tokens offered', async () => {
    await page.getByLabel('用户名').fill('xihu-admin');
    await page.getByLabel('密码').fill(secretOf('xihu-admin'));
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByTestId('tab-seals').click();
    await sealRow('行政审批专用章（自助终端）').first().waitFor();
    const rows = page.getByTestId('seal-row');
    expect(await rows.count()).toBe(8);
    // every 印模 shows: each image loaded
    await expect
      .poll(() => rows.locator('img.seal-thumb').evaluateAll((imgs) => imgs.filter((img) => (img as unknown as { naturalWidth: number }).naturalWidth > 0).length))
      .toBe(8);
    const form = page.getByTestId('seal-create');
    expect(await form.getByLabel('机构', { exact: true }).locator('option').allInnerTexts()).toEqual(expect.arrayContaining(['西湖区行政服务中心', '西湖区市场监督管理局']));
    expect((await form.getByLabel('存放密钥的令牌').locator('option').allInnerTexts()).some((o) => o.startsWith(hall.layout.tokens.counter.label))).toBe(true);
    expect(await form.innerText()).not.toMatch(/没有带统一社会信用代码的机构|没有可用的令牌/);
    await screenshot(page, 'admin-demo-hall-seals-zh-CN');
  });

  it('creates a seal from the page: the CA token is named and asked for before any key is made, then its own PIN opens it', async () => {
    const form = page.getByTestId('seal-create');
    const counter = hall.layout.tokens.counter;
    const counterSerial = (await form.getByLabel('存放密钥的令牌').locator('option', { hasText: counter.label }).getAttribute('value'))!;
    await form.getByLabel('存放密钥的令牌').selectOption(counterSerial);
    await form.getByLabel('机构', { exact: true }).selectOption({ label: '西湖区行政服务中心' });
    await form.getByLabel('印章名称').fill(NEW_SEAL);
    await form.getByLabel('令牌 PIN（令牌已登录时可不填）').fill(counter.pin);
    const keysBefore = await keysOn(counterSerial);
    await form.getByRole('button', { name: '生成密钥并创建印章' }).click();
    const error = form.getByTestId('error');
    await error.waitFor();
    expect(await error.innerText()).toContain(`签发印章证书的 CA 令牌“${hall.layout.tokens.ca.label}”未登录`);
    expect(await error.innerText()).toContain('CA_LOGIN_REQUIRED');
    // nothing was made: no stray key on the counter token
    expect(await keysOn(counterSerial)).toBe(keysBefore);

    await form.getByLabel('令牌 PIN（令牌已登录时可不填）').fill(counter.pin);
    await form.getByLabel(`CA 令牌“${hall.layout.tokens.ca.label}”的 PIN（签发印章证书）`).fill(hall.layout.tokens.ca.pin);
    await form.getByRole('button', { name: '生成密钥并创建印章' }).click();
    const created = page.getByTestId('seal-created');
    await created.or(error).first().waitFor({ timeout: 60_000 });
    expect(await error.count(), await form.innerText()).toBe(0);
    expect(await created.innerText()).toContain(`印章“${NEW_SEAL}”已创建。`);
    const image = page.getByTestId('seal-created-image');
    await expect.poll(() => image.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(100);
    await expect(sealRow(NEW_SEAL).innerText()).resolves.toMatch(/合同专用章[\s\S]*西湖区行政服务中心[\s\S]*正常/);
    expect(await keysOn(counterSerial)).toBe(keysBefore + 1);
    await screenshot(page, 'admin-demo-hall-seal-created-zh-CN');
    expect(await seriousA11yViolations(page)).toEqual([]);
  });
});
