/**
 * The admin page's terminal view in real Chromium: on a hall with a real anvil, the desk (the
 * service's chain key) registers a counter of the administrator's department and another city's
 * kiosk and grants each a seal; the real follower applies them from final blocks. The district's
 * administrator opens "终端" and sees the counter with its kind, organisation, registration time
 * and its granted seal (name and organisation) in zh-CN — not the other city's kiosk. From the
 * page they withdraw the seal and grant it again: each is sent to the chain (the page says so with
 * the transaction) and the table follows once the block is final and the follower applied it.
 * The same in English; axe-core finds no serious violation in either.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { followChain, followTerminals } from '../appliance/service/helpers/followed-terminals.js';
import { launchChromium, openContext, screenshot, seriousA11yViolations } from '../helpers/browser.js';
import { TEST_PASSWORD } from '../helpers/service.js';
import { USER_PIN } from '../helpers/softhsm.js';
import { startChainHall, type ChainHall } from './helpers/chain-hall.js';

const ADMIN = { username: 'terminal-admin', password: TEST_PASSWORD };

let hall: ChainHall;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let counter: string;
let kiosk: string;

beforeAll(async () => {
  [hall, browser] = await Promise.all([startChainHall(), launchChromium()]);
  const { own, otherDepartment, district } = hall.service.organisations;
  const addresses = await followTerminals(hall.service, hall.chain, [
    { name: '3号综合窗口', kind: 'counter', organisation: own, seals: [hall.service.seals[1]!] },
    { name: '宁波自助终端', kind: 'kiosk', organisation: otherDepartment, seals: [hall.service.otherSeals[0]!] },
  ]);
  [counter, kiosk] = addresses as [string, string];
  await hall.service.context.directory.operators.create({ username: ADMIN.username, displayName: '孙管理', role: 'admin', organisationId: district.id, password: ADMIN.password });
  context = await openContext(browser, hall.baseUrl);
  page = await context.newPage();
  page.setDefaultTimeout(20_000);
}, 300_000);

afterAll(async () => {
  await browser?.close();
});

async function check(name: string): Promise<void> {
  await screenshot(page, `admin-terminals-${name}`);
  expect(await seriousA11yViolations(page), name).toEqual([]);
}

const row = (address: string) => page.locator(`[data-testid="terminal-row"][data-address="${address}"]`);

describe('the admin page’s terminal view', { timeout: 120_000 }, () => {
  it('shows the department’s counter and its granted seal in zh-CN, not another city’s kiosk', async () => {
    const business = hall.service.seals[1]!;
    await page.goto('/admin');
    await page.getByLabel('用户名').fill(ADMIN.username);
    await page.getByLabel('密码').fill(ADMIN.password);
    await page.getByRole('button', { name: '登录' }).click();
    await expect(page.getByTestId('who').innerText()).resolves.toContain('孙管理（印章管理员）');

    await page.getByTestId('tab-terminals').click();
    await expect(page.getByRole('heading', { name: '大厅终端及其用章授权' }).count()).resolves.toBe(1);
    const shown = row(counter);
    await shown.waitFor();
    const text = await shown.innerText();
    expect(text).toContain('3号综合窗口');
    expect(text).toContain(counter);
    expect(text).toMatch(/柜台\s+杭州市西湖区行政审批服务管理局\s+\d{4}/);
    const grant = shown.locator(`[data-testid="terminal-grant"][data-seal="${business.id}"]`);
    await expect(grant.innerText()).resolves.toMatch(new RegExp(`${business.name}（${business.organisation.name}）\\s*授权时间 \\d{4}`));
    expect(await row(kiosk).count()).toBe(0);
    expect(await page.getByTestId('terminal-row').count()).toBe(1);
    await check('zh-CN');
  });

  it('withdraws the seal and grants it again from the page; the table follows once final', async () => {
    const business = hall.service.seals[1]!;
    // the desk's chain key is open, as at a running desk (the page never asks for its PIN)
    await hall.service.token.login(USER_PIN);
    try {
      const shown = row(counter);
      await shown.getByRole('button', { name: `撤回 ${business.name} · 3号综合窗口` }).click();
      await expect(page.getByTestId('terminal-grant-sent').innerText()).resolves.toMatch(/^已提交到区块链（交易 0x[0-9a-f]{64}）。区块确认后/);
      // not shown as done before the follower has it final: the page still lists the grant until then
      await page.getByRole('button', { name: '刷新' }).click();
      await expect(shown.locator(`[data-testid="terminal-grant"][data-seal="${business.id}"]`).count()).resolves.toBe(1);
      await followChain(hall.service, hall.chain);
      await expect.poll(() => shown.innerText(), { timeout: 20_000 }).toContain('未授权任何印章。');

      const form = shown.getByTestId('terminal-grant-form');
      await form.getByLabel('授予“3号综合窗口”的印章').selectOption({ label: `${business.name}（${business.organisation.name}）` });
      await form.getByRole('button', { name: '授予 3号综合窗口' }).click();
      await expect(page.getByTestId('terminal-grant-sent').innerText()).resolves.toMatch(/^已提交到区块链（交易 0x[0-9a-f]{64}）/);
      await followChain(hall.service, hall.chain);
      await shown.locator(`[data-testid="terminal-grant"][data-seal="${business.id}"]`).waitFor({ timeout: 20_000 });
      await check('granted-again-zh-CN');
    } finally {
      await hall.service.token.logout();
    }
  });

  it('the same in English', async () => {
    await page.getByTestId('locale-switch').click();
    await expect(page.getByRole('heading', { name: "The hall's terminals and their seals" }).count()).resolves.toBe(1);
    await expect.poll(() => row(counter).innerText()).toMatch(/3号综合窗口[\s\S]*counter[\s\S]*granted \d/);
    await check('en');
  });
});
