/**
 * The admin page's claim of a token (issue 13): a token bound to no organisation (one a CLI or an
 * earlier sealdesk initialised) is listed to an admin at the root of the hall's tree only, whose
 * token view says so and binds it to an organisation with one click; a claim the service refuses
 * (the token holds seals of two cities, so no one district may have it) shows the service's
 * FORBIDDEN and changes nothing. Real Chromium, real service, real SoftHSM token.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPages } from '../../scripts/build-pages.js';
import { launchChromium, openContext, screenshot, seriousA11yViolations } from '../helpers/browser.js';
import { startTestService, TEST_PASSWORD } from '../helpers/service.js';

const [service] = await Promise.all([startTestService(), buildPages()]);
await service.app.listen({ host: '127.0.0.1', port: 0 });
const address = service.app.server.address();
const baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
const { organisations: orgs } = service;
const serial = service.token.serial;
const ADMIN = { username: 'hall-root-admin', password: TEST_PASSWORD };

let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  // a token bound to no organisation yet
  service.context.directory.db.prepare('DELETE FROM token_organisations WHERE token_serial = ?').run(serial);
  await service.context.directory.operators.create({ username: ADMIN.username, displayName: '钱厅管', role: 'admin', organisationId: orgs.province.id, password: ADMIN.password });
  browser = await launchChromium();
  context = await openContext(browser, baseUrl);
  page = await context.newPage();
  page.setDefaultTimeout(15_000);
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

const panel = () => page.locator(`[data-testid="token-admin"][data-serial="${serial}"]`);

describe('claiming a token from the admin page', () => {
  it('the root admin sees the unbound token, and the service’s refusal when the claim would hand another city’s seals to one district', async () => {
    await page.goto('/admin');
    await page.getByLabel('用户名').fill(ADMIN.username);
    await page.getByLabel('密码').fill(ADMIN.password);
    await page.getByRole('button', { name: '登录' }).click();
    const claim = panel().getByTestId('token-claim');
    await claim.waitFor();
    await expect(claim.getByTestId('token-owner').innerText()).resolves.toBe('所属机构: 尚未归属任何机构');
    await claim.getByLabel('机构', { exact: true }).selectOption({ label: orgs.district.name });
    await claim.getByRole('button', { name: '认领令牌' }).click();
    await expect(claim.getByTestId('error').innerText()).resolves.toContain('FORBIDDEN');
    expect(service.context.directory.tokens.organisationOf(serial)).toBeUndefined();
  });

  it('binds it to the province, above every seal on it, by a click: said on the page, kept in the directory, audited', async () => {
    const claim = panel().getByTestId('token-claim');
    await claim.getByLabel('机构', { exact: true }).selectOption({ label: orgs.province.name });
    await claim.getByRole('button', { name: '认领令牌' }).click();
    await expect(claim.getByRole('status').innerText()).resolves.toBe(`令牌“sealdesk-demo”已归属“${orgs.province.name}”。`);
    await expect.poll(() => claim.getByTestId('token-owner').innerText()).toBe(`所属机构: ${orgs.province.name}`);
    expect(service.context.directory.tokens.organisationOf(serial)).toBe(orgs.province.id);
    // each kept under the organisation the claim named
    const entries = service.context.audit.list({ action: 'token.claim' }).map((e) => [e.outcome, e.target, e.organisationId]);
    expect(entries).toEqual([
      ['denied', serial, orgs.district.id],
      ['ok', serial, orgs.province.id],
    ]);
    await screenshot(page, 'token-claim-zh-CN');
    expect(await seriousA11yViolations(page)).toEqual([]);
  });
});
