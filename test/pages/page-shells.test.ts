/**
 * Every page (landing, counter, kiosk, admin, verify) served by the service and opened in real
 * Chromium, in both languages: its title and texts in that language, the switch on it, a
 * screenshot, and no serious or critical accessibility violation (axe-core).
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openContext, screenshot, seriousA11yViolations } from '../helpers/browser.js';
import { openSealFixture } from '../appliance/stamping/helpers/seal-fixture.js';
import { startPagesService, type PagesService } from './helpers/pages-service.js';

let service: PagesService;
let browser: Browser;

beforeAll(async () => {
  const f = await openSealFixture();
  [service, browser] = await Promise.all([startPagesService(f), launchChromium()]);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await service?.close();
});

const PAGES = [
  { path: '/', name: 'landing', zh: '电子印章服务', en: 'Electronic seal service', signIn: false },
  { path: '/counter', name: 'counter', zh: '窗口盖章', en: 'Counter', signIn: true },
  { path: '/kiosk', name: 'kiosk', zh: '自助服务', en: 'Self-service', signIn: true },
  { path: '/admin', name: 'admin', zh: '印章管理', en: 'Administration', signIn: true },
  { path: '/verify', name: 'verify', zh: '文件验真', en: 'Verify a document', signIn: false },
] as const;

describe('every page in both languages', () => {
  for (const p of PAGES) {
    it(`${p.path}: zh-CN by default, English after the switch; screenshots; no serious a11y violation`, async () => {
      const context = await openContext(browser, service.baseUrl);
      const page = await context.newPage();
      const response = await page.goto(p.path);
      expect(response?.status()).toBe(200);
      expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
      const h1 = page.getByRole('heading', { level: 1 });
      await expect(h1.textContent()).resolves.toBe(p.zh);
      expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
      if (p.signIn) await page.getByTestId('sign-in').waitFor();
      await screenshot(page, `${p.name}-zh-CN`);
      expect(await seriousA11yViolations(page)).toEqual([]);

      await page.getByTestId('locale-switch').click();
      await expect(h1.textContent()).resolves.toBe(p.en);
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
      if (p.signIn) await expect(page.getByTestId('sign-in').textContent()).resolves.toMatch(/Sign in/);
      // no Chinese left on the English page (decorative marks hidden from assistive technology aside)
      const body = await page.locator('main').evaluate((main) => {
        const copy = main.cloneNode(true) as typeof main;
        for (const hidden of copy.querySelectorAll('[aria-hidden="true"]')) hidden.remove();
        return copy.textContent ?? '';
      });
      expect(body).not.toMatch(/[\u4e00-\u9fff]/);
      await screenshot(page, `${p.name}-en`);
      expect(await seriousA11yViolations(page)).toEqual([]);

      // remembered: a new visit to another page opens in English
      await page.goto('/');
      await expect(h1.textContent()).resolves.toBe('Electronic seal service');
      await context.close();
    });
  }

  it('the landing page links the four pages', async () => {
    const context = await openContext(browser, service.baseUrl);
    const page = await context.newPage();
    await page.goto('/');
    const links = await page.locator('nav a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(links).toEqual(['/counter', '/kiosk', '/admin', '/verify']);
    await page.getByRole('link', { name: /文件验真/ }).click();
    await page.waitForURL('**/verify');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('文件验真');
    await context.close();
  });

  it('kiosk: touch targets at least 64 px high, full width on a portrait kiosk screen', async () => {
    const context = await openContext(browser, service.baseUrl, { viewport: { width: 1080, height: 1920 } });
    const page = await context.newPage();
    await page.goto('/kiosk');
    await page.getByTestId('sign-in').waitFor();
    for (const target of await page.locator('main button, main input').all()) {
      const box = await target.boundingBox();
      expect(box?.height).toBeGreaterThanOrEqual(64);
    }
    await screenshot(page, 'kiosk-portrait-zh-CN');
    await context.close();
  });
});

describe('serving', () => {
  it('deep paths under a page get the page; the bundle is served; an unknown asset is a typed 404', async () => {
    const deep = await fetch(`${service.baseUrl}/verify/some/deep/path?doc=abc`);
    expect(deep.status).toBe(200);
    expect(deep.headers.get('content-type')).toContain('text/html');
    const js = await fetch(`${service.baseUrl}/assets/app.js`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toContain('javascript');
    const css = await fetch(`${service.baseUrl}/assets/app.css`);
    expect(css.headers.get('content-type')).toContain('text/css');
    const missing = await fetch(`${service.baseUrl}/assets/nothing.js`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ code: 'ROUTE_NOT_FOUND', message_zh: expect.any(String), message_en: expect.any(String) });
    const traversal = await fetch(`${service.baseUrl}/assets/..%2f..%2fpackage.json`);
    expect(traversal.status).toBeGreaterThanOrEqual(400);
  });
});
