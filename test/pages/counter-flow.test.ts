/**
 * The counter page in real Chromium against the simulated hall (SoftHSM token, the ID-card reader
 * and receipt printer simulators on real ptys, a real ippeveprinter): the clerk signs in, sees the
 * token and the devices, reads the card, opens a PDF and sees it rendered, drags the seal, types
 * the PIN, stamps, prints, and finds the stamp in today's list. What is checked is what the clerk
 * sees, and what came out of the printers.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openContext, screenshot, seriousA11yViolations } from '../helpers/browser.js';
import { USER_PIN } from '../helpers/softhsm.js';
import { chineseDocument, pdfLibDocument } from '../appliance/pdf/make-pdf.js';
import { canvasInk } from './helpers/canvas-ink.js';
import { startHallForPages } from './helpers/hall-service.js';
import { readQr } from './helpers/read-qr.js';
import { tempDir } from '../helpers/temp-dir.js';

const hall = await startHallForPages();
const business = hall.service.seals[1]!;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let dir: string;

beforeAll(async () => {
  [browser, dir] = await Promise.all([launchChromium(), tempDir('counter-page')]);
  context = await openContext(browser, hall.baseUrl);
  page = await context.newPage();
  page.setDefaultTimeout(15_000);
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

const text = (testId: string) => page.getByTestId(testId).innerText();

describe('counter flow', () => {
  it('signs in and shows the token and every device at a glance', async () => {
    const clerk = await hall.clerk([business]);
    await page.goto('/counter');
    await page.getByLabel('用户名').fill(clerk.username);
    await page.getByLabel('密码').fill(clerk.password);
    await page.getByRole('button', { name: '登录' }).click();
    await expect(page.getByTestId('who').innerText()).resolves.toContain('李窗口（窗口工作人员）');
    // the pages hold no token: the HttpOnly session cookie must open the API
    const me = await context.request.get('/api/session');
    expect(me.status(), `the session cookie is not accepted: ${await me.text()}`).toBe(200);

    await page.getByTestId('tokens').waitFor();
    expect(await text('tokens')).toMatch(/sealdesk-demo\s*●\s*已连接/);
    await page.getByTestId('device-idcard').waitFor();
    expect(await text('device-idcard')).toMatch(/身份证读卡器\s*●\s*已连接/);
    expect(await text('device-receipt')).toMatch(/回执打印机\s*●\s*已连接/);
    expect(await text('device-printer')).toMatch(/文件打印机\s*●\s*已连接/);
    expect(await text('device-qrscanner')).toMatch(/扫码枪\s*未配置/);
    expect(await text('stamps-panel')).toContain('今天还没有盖章记录。');
    await screenshot(page, 'counter-flow-signed-in-zh-CN');
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('reads the ID card (number masked), renders the PDF, drags the seal, stamps with the PIN, lists the stamp', async () => {
    await page.getByRole('button', { name: '读取身份证' }).click();
    const masked = `${hall.citizen.idNumber[0]}${'*'.repeat(16)}${hall.citizen.idNumber.at(-1)}`;
    await expect(page.getByTestId('holder').innerText()).resolves.toBe(`持证人: 王小明 ${masked}`);
    expect(await page.locator('body').innerText()).not.toContain(hall.citizen.idNumber);

    await page.getByTestId('pdf-input').setInputFiles(await pdfLibDocument(dir, '户籍迁移申请表.pdf', 2));
    await expect.poll(() => text('document')).toBe('户籍迁移申请表.pdf');
    await page.locator('[data-testid="pdf-stage"][data-rendered="yes"]').waitFor({ timeout: 20_000 });
    expect(await page.getByText('第 1 页，共 2 页').count()).toBe(1);
    expect(await canvasInk(page.getByRole('img', { name: 'PDF 第 1 页预览' }))).toBeGreaterThan(100);

    await page.getByRole('radio', { name: business.name }).check();
    const handle = page.getByTestId('seal-handle');
    await handle.waitFor();
    const box = (await handle.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 - 100, box.y + box.height / 2 - 50, { steps: 8 });
    await page.mouse.up();
    // 640 px show 595 pt: 100 px left and 50 px up are about 93 pt and 46 pt
    const x = Number(await page.getByLabel('横坐标 x（pt）').inputValue());
    const y = Number(await page.getByLabel('纵坐标 y（pt）').inputValue());
    expect(x).toBeGreaterThan(380 - 100);
    expect(x).toBeLessThan(380 - 85);
    expect(y).toBeGreaterThan(90 + 40);
    expect(y).toBeLessThan(90 + 52);
    await screenshot(page, 'counter-flow-placed-zh-CN');
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.getByLabel('令牌 PIN').fill(USER_PIN);
    await page.getByRole('button', { name: '盖章', exact: true }).click();
    await expect(page.getByTestId('stamped').innerText()).resolves.toContain('盖章完成');
    expect(await page.getByLabel('令牌 PIN').inputValue()).toBe('');
    const row = page.getByTestId('stamp-row');
    await row.first().waitFor();
    expect(await row.count()).toBe(1);
    expect(await row.first().innerText()).toMatch(new RegExp(`${business.name}\\s+等待上链`));
    // the clerk's PIN opened the token: the panel says so
    await expect(text('tokens')).resolves.toContain('已登录（PIN 已验证）');
  });

  it('prints the document and the receipt: both shown printed, a PDF in the printer spool, the receipt QR is the verification URL', async () => {
    const spoolBefore = hall.spooled().length;
    const receiptsBefore = hall.receipts.receipts.length;
    await page.getByRole('button', { name: '打印文件和回执' }).click();
    const printed = page.getByTestId('printed');
    await printed.waitFor({ timeout: 20_000 });
    expect(await printed.locator('li[data-printed="yes"]').count()).toBe(2);
    expect(await printed.innerText()).toMatch(/文件已打印[\s\S]*回执已打印/);
    expect(hall.spooled()).toHaveLength(spoolBefore + 1);
    await hall.receipts.waitForReceipts(receiptsBefore + 1);
    const stamps = (await (await context.request.get('/api/stamps?day=' + today())).json()) as Array<{ result: { verificationUrl: string } }>;
    expect(readQr(hall.receipts.receipts[receiptsBefore]!.png())).toBe(stamps[0]!.result.verificationUrl);
    expect(hall.receipts.receipts[receiptsBefore]!.lines.map((l) => l.text)).toContain(`印章：${business.name}`);
    await screenshot(page, 'counter-flow-printed-zh-CN');
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('stamps at an anchor text with a cross-page seal; the list shows both stamps; English throughout after the switch', async () => {
    await page.getByTestId('pdf-input').setInputFiles(await chineseDocument(dir, '居住登记表.pdf', 2, 2, '盖章处', [380, 200]));
    await expect.poll(() => text('document')).toBe('居住登记表.pdf');
    await page.getByRole('radio', { name: '按文字定位（如“盖章处”）' }).check();
    await page.getByLabel('定位文字').fill('盖章处');
    await page.getByRole('checkbox', { name: '加盖骑缝章' }).check();
    await page.getByLabel('令牌 PIN').fill(USER_PIN);
    await page.getByRole('button', { name: '盖章', exact: true }).click();
    await expect(page.getByTestId('stamped').innerText()).resolves.toContain('盖章完成');
    await expect.poll(() => page.getByTestId('stamp-row').count()).toBe(2);

    await page.getByTestId('locale-switch').click();
    await expect(page.getByTestId('stamped').innerText()).resolves.toContain('Stamped');
    expect(await text('stamps-panel')).toContain("Today's stamps");
    expect(await page.getByTestId('stamp-row').first().innerText()).toMatch(/waiting to be anchored/);
    expect(await text('device-receipt')).toMatch(/Receipt printer\s*●\s*connected/);
    await screenshot(page, 'counter-flow-stamped-en');
    expect(await seriousA11yViolations(page)).toEqual([]);
  });
});

describe('a clerk of the whole province, at the next document', () => {
  let page: Page;
  const own = hall.service.seals[0]!;
  const other = hall.service.otherSeals[0]!;

  beforeAll(async () => {
    const provinceContext = await openContext(browser, hall.baseUrl);
    page = await provinceContext.newPage();
    page.setDefaultTimeout(15_000);
    // two seals named 公章, of two organisations
    expect(own.name).toBe(other.name);
    const clerk = await hall.clerk([own, other], hall.service.organisations.province.id);
    await page.goto('/counter');
    await page.getByLabel('用户名').fill(clerk.username);
    await page.getByLabel('密码').fill(clerk.password);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByTestId('who').waitFor();
  });

  it('tells two seals of one name apart by their organisations', async () => {
    const radios = page.getByRole('radio', { name: own.name });
    await expect.poll(() => radios.count()).toBe(2);
    const names = await radios.evaluateAll((inputs) => inputs.map((input) => (input as unknown as { labels: Array<{ innerText: string }> }).labels[0]!.innerText.replace(/\s+/g, ' ').trim()));
    expect(names.sort()).toEqual([`${own.name} ${own.organisation.name}`, `${other.name} ${other.organisation.name}`].sort());
    // the accessible name is what a screen reader says: each names its organisation
    expect(await page.getByRole('radio', { name: `${own.name} ${own.organisation.name}`, exact: true }).count()).toBe(1);
    expect(await page.getByRole('radio', { name: `${other.name} ${other.organisation.name}`, exact: true }).count()).toBe(1);
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('after stamping the last page of a longer PDF, a shorter one opens at page 1 with the seal where it starts, and renders', async () => {
    await page.getByTestId('pdf-input').setInputFiles(await pdfLibDocument(dir, '三页申请表.pdf', 3));
    await page.locator('[data-testid="pdf-stage"][data-rendered="yes"]').waitFor({ timeout: 20_000 });
    await page.getByRole('button', { name: '下一页' }).click();
    await page.getByRole('button', { name: '下一页' }).click();
    await page.getByText('第 3 页，共 3 页').waitFor();
    await page.locator('[data-testid="pdf-stage"][data-rendered="yes"]').waitFor({ timeout: 20_000 });
    await page.locator(`input[name="seal"][value="${own.id}"]`).check();
    await page.getByLabel('横坐标 x（pt）').fill('120');
    await page.getByLabel('纵坐标 y（pt）').fill('500');
    await page.getByLabel('令牌 PIN').fill(USER_PIN);
    await page.getByRole('button', { name: '盖章', exact: true }).click();
    await expect(page.getByTestId('stamped').innerText()).resolves.toContain('盖章完成');

    await page.getByTestId('pdf-input').setInputFiles(await pdfLibDocument(dir, '两页申请表.pdf', 2));
    await expect.poll(() => page.getByTestId('document').innerText()).toBe('两页申请表.pdf');
    expect(await page.getByLabel('页码', { exact: true }).inputValue()).toBe('1');
    expect(await page.getByLabel('横坐标 x（pt）').inputValue()).toBe('380');
    expect(await page.getByLabel('纵坐标 y（pt）').inputValue()).toBe('90');
    await page.locator('[data-testid="pdf-stage"][data-rendered="yes"]').waitFor({ timeout: 20_000 });
    expect(await page.getByText('第 1 页，共 2 页').count()).toBe(1);
    expect(await page.getByText('无法显示 PDF 预览').count()).toBe(0);
    expect(await canvasInk(page.getByRole('img', { name: 'PDF 第 1 页预览' }))).toBeGreaterThan(100);
    // and it keeps working: its second page renders too
    await page.getByRole('button', { name: '下一页' }).click();
    await page.getByText('第 2 页，共 2 页').waitFor();
    await page.locator('[data-testid="pdf-stage"][data-rendered="yes"]').waitFor({ timeout: 20_000 });
    expect(await canvasInk(page.getByRole('img', { name: 'PDF 第 2 页预览' }))).toBeGreaterThan(100);
    await screenshot(page, 'counter-flow-second-document-zh-CN');
  });
});

/** Today as the page asks for it (the terminal's local day). */
function today(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
