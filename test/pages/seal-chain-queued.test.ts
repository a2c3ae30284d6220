/**
 * The admin page tells the administrator a seal change made while the chain is cut is queued,
 * not lost (SEAL_CHANGE_QUEUED beside the seal): real service, real anvil behind the fault proxy
 * cutting every request, real Chromium. The zh text is the catalogue's sentence the route sent.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveLedgerConfig } from '../../appliance/ledger/ledger-config.js';
import { buildPages } from '../../scripts/build-pages.js';
import { startFaultProxy, type FaultProxy } from '../../simulator/chain/fault-proxy.js';
import { afterFile } from '../helpers/after-file.js';
import { launchChromium, openContext } from '../helpers/browser.js';
import { startTestService, TEST_PASSWORD } from '../helpers/service.js';
import { USER_PIN } from '../helpers/softhsm.js';
import { configureServiceChain } from '../appliance/service/helpers/service-chain.js';

const [service] = await Promise.all([startTestService(), buildPages()]);
const official = service.seals[0]!;
const ADMIN = { username: 'queue-admin', password: TEST_PASSWORD };
let browser: Browser;
let page: Page;
let proxy: FaultProxy;

beforeAll(async () => {
  const chain = await configureServiceChain(service);
  afterFile(() => chain.close());
  proxy = await startFaultProxy(chain.chain.anvil.rpcUrl);
  saveLedgerConfig(service.context.home, { rpcUrls: [proxy.url], confirmations: 1 });
  proxy.setFault({ kind: 'unavailable' });
  // the chain key's token open, as a running desk has it
  if (!service.token.isLoggedIn) await service.token.login(USER_PIN);
  await service.context.directory.operators.create({ username: ADMIN.username, displayName: '钱管理', role: 'admin', organisationId: service.organisations.district.id, password: ADMIN.password });
  await service.app.listen({ host: '127.0.0.1', port: 0 });
  const address = service.app.server.address();
  browser = await launchChromium();
  const context = await openContext(browser, `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`);
  page = await context.newPage();
  page.setDefaultTimeout(30_000);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await proxy?.close();
});

describe('a seal change made while the chain is cut', () => {
  it('is shown as queued beside the seal, in the catalogue’s words', { timeout: 120_000 }, async () => {
    await page.goto('/admin');
    await page.getByLabel('用户名').fill(ADMIN.username);
    await page.getByLabel('密码').fill(ADMIN.password);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByTestId('tab-seals').click();
    const row = page.getByTestId('seal-row').filter({ hasText: official.name }).first();
    await row.getByRole('button', { name: `变更状态 ${official.name}` }).click();
    const panel = page.getByTestId('seal-change');
    await panel.getByLabel('原因').fill('断链时暂停');
    await panel.getByRole('button', { name: '暂停' }).click();
    await expect(page.getByTestId('seal-changed').innerText()).resolves.toBe('印章已暂停。');
    const queued = await panel.getByTestId('seal-chain-queued').innerText();
    expect(queued).toContain(`印章 ${official.id} 的状态已在本机生效`);
    expect(queued).toContain('已排队');
  });
});
