/**
 * The verify page in real Chromium with a PDF stamped by an SM2 seal on the simulated GM key
 * (made through the CLI, as an administrator and a clerk would): the report's algorithm row reads
 * sm2-sm3 for its signature, the SM2 check passed. The service here anchors its own (SoftHSM) dev
 * CA, not the GM key's SM2 CA, so the verdict is not "valid"; the row is what this checks.
 */
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openContext } from '../helpers/browser.js';
import { cliOk, GM_PIN, gmKeyHome, type GmKeyHome } from '../helpers/gm-key-home.js';
import { pdfLibDocument } from '../appliance/pdf/make-pdf.js';
import { openSealFixture, type SealFixture } from '../appliance/stamping/helpers/seal-fixture.js';
import { startPagesService, type PagesService } from './helpers/pages-service.js';

let gm: GmKeyHome;
let f: SealFixture;
let service: PagesService;
let browser: Browser;
let stamped: string;

beforeAll(async () => {
  [gm, f, browser] = await Promise.all([gmKeyHome('verify-sm2'), openSealFixture(), launchChromium()]);
  const pin = { SEALDESK_PIN: GM_PIN };
  await cliOk(gm.cli(['token', 'keygen', '--token', 'gm-seal', '--type', 'sm2', '--label', 'seal-sm2', '--json'], pin));
  const created = await cliOk(
    gm.cli(['seal', 'create', '--token', 'gm-seal', '--key', 'seal-sm2', '--name', '行政审批专用章', '--type', 'business', '--org', '杭州市西湖区行政审批服务管理局', '--uscc', '11330106002489166C', '--json'], pin),
  );
  const sealId = (JSON.parse(created) as { id: string }).id;
  await pdfLibDocument(gm.home, 'in.pdf', 1);
  stamped = join(gm.home, 'sm2-stamped.pdf');
  await cliOk(gm.cli(['stamp', join(gm.home, 'in.pdf'), '-o', stamped, '--seal', sealId, '--x', '300', '--y', '100', '--json'], pin));
  service = await startPagesService(f);
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await service?.close();
  await gm?.close();
});

describe('verify page with an SM2 stamp', () => {
  it('shows the signature algorithm row as sm2-sm3, in zh-CN and en', async () => {
    for (const locale of ['zh-CN', 'en'] as const) {
      const context = await openContext(browser, service.baseUrl, { locale });
      const page = await context.newPage();
      await page.goto('/verify');
      await page.getByTestId('file-input').setInputFiles(stamped);
      await page.getByTestId('report').or(page.getByTestId('error')).first().waitFor({ timeout: 60_000 });
      // the row: its label (the dt before it) and the algorithm in code
      const value = page.getByTestId('algorithm').first();
      await expect(value.locator('xpath=preceding-sibling::dt[1]').innerText()).resolves.toBe(locale === 'en' ? 'Signature algorithm' : '签名算法');
      await expect(value.locator('code').innerText()).resolves.toBe('sm2-sm3');
      await context.close();
    }
  });
});
