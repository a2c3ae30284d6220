/**
 * The verify page in real Chromium against the service: a PDF stamped by the real stamping code
 * (SoftHSM seal, dev CA) is uploaded as a user would, and the user must read 有效 / Valid with the
 * seal's name and organisation in green; a tampered copy reads 无效 / Invalid in red.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stampPdf } from '../../appliance/stamping/index.js';
import { launchChromium, openContext, screenshot, seriousA11yViolations, type PageLocale } from '../helpers/browser.js';
import { pdfLibDocument } from '../appliance/pdf/make-pdf.js';
import { tempDir } from '../helpers/temp-dir.js';
import { openSealFixture, ORG, type SealFixture } from '../appliance/stamping/helpers/seal-fixture.js';
import { startPagesService, type PagesService } from './helpers/pages-service.js';

const SEAL_NAME = '行政审批专用章';
const GREEN = 'rgb(11, 107, 46)';
const RED = 'rgb(179, 38, 30)';

let f: SealFixture;
let service: PagesService;
let browser: Browser;
let dir: string;
let valid: string;
let tampered: string;
let notPdf: string;

beforeAll(async () => {
  [f, dir, browser] = await Promise.all([openSealFixture(), tempDir('verify-page'), launchChromium()]);
  const input = await pdfLibDocument(dir, 'in.pdf', 2);
  const seal = await f.seal(SEAL_NAME, 'business');
  valid = join(dir, '居住证明-已盖章.pdf');
  await stampPdf(f.context, { input, output: valid, sealId: seal.id, placement: { kind: 'position', page: 1, x: 380, y: 90 } });
  // one digit of the signed /ModDate changed: still a well-formed PDF, its signature no longer matches
  const bytes = await readFile(valid);
  const at = bytes.indexOf('/ModDate (D:2', 0, 'latin1') + 13;
  bytes[at] = bytes[at] === 0x39 ? 0x38 : bytes[at]! + 1;
  tampered = join(dir, 'tampered.pdf');
  await writeFile(tampered, bytes);
  notPdf = join(dir, 'broken.pdf');
  await writeFile(notPdf, 'this is not a PDF\n'.repeat(20));
  service = await startPagesService(f);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await service?.close();
});

async function openVerify(locale?: PageLocale): Promise<{ context: BrowserContext; page: Page }> {
  const context = await openContext(browser, service.baseUrl, locale ? { locale } : {});
  const page = await context.newPage();
  await page.goto('/verify');
  await page.getByTestId('file-input').waitFor({ state: 'attached' });
  return { context, page };
}

async function upload(page: Page, path: string): Promise<void> {
  await page.getByTestId('file-input').setInputFiles(path);
  await page.getByTestId('report').or(page.getByTestId('error')).first().waitFor({ timeout: 30_000 });
}

const colourOf = (page: Page, testId: string) => page.getByTestId(testId).first().evaluate((el) => el.ownerDocument.defaultView!.getComputedStyle(el).color);

describe('verify page', () => {
  it('zh-CN by default: a stamped PDF reads 有效 in green, with the seal, its organisation, the time and the level', async () => {
    const { context, page } = await openVerify();
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('文件验真');
    await upload(page, valid);
    const verdict = page.getByTestId('verdict');
    await expect(verdict.textContent()).resolves.toContain('有效');
    expect(await verdict.getAttribute('data-status')).toBe('valid');
    expect(await colourOf(page, 'verdict')).toBe(GREEN);
    await expect(page.getByTestId('report').textContent()).resolves.toContain('文件上的全部签章真实有效');
    await expect(page.getByTestId('seal-name').textContent()).resolves.toBe(SEAL_NAME);
    await expect(page.getByTestId('seal-organisation').textContent()).resolves.toContain(ORG);
    await expect(page.getByTestId('signature').textContent()).resolves.toContain('PAdES B-B');
    expect(await page.getByTestId('signing-time').textContent()).toMatch(/\d{4}\/\d{1,2}\/\d{1,2}/);
    await screenshot(page, 'verify-valid-zh-CN');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await context.close();
  });

  it('the language switch turns the report to English, and the choice is remembered on the next visit', async () => {
    const { context, page } = await openVerify();
    await upload(page, valid);
    await page.getByTestId('locale-switch').click();
    await expect(page.getByTestId('verdict').textContent()).resolves.toContain('Valid');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await expect(page.getByTestId('report').textContent()).resolves.toContain('Every seal on this document is genuine');
    await expect(page.getByTestId('seal-name').textContent()).resolves.toBe(SEAL_NAME);
    await screenshot(page, 'verify-valid-en');
    await page.reload();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Verify a document');
    await context.close();
  });

  for (const [locale, word, reason] of [
    ['zh-CN', '无效', '请勿采信该文件'],
    ['en', 'Invalid', 'do not rely on this document'],
  ] as const) {
    it(`a tampered PDF reads ${word} in red, with the failed check in ${locale}`, async () => {
      const { context, page } = await openVerify(locale);
      await upload(page, tampered);
      const verdict = page.getByTestId('verdict');
      await expect(verdict.textContent()).resolves.toContain(word);
      expect(await verdict.getAttribute('data-status')).toBe('invalid');
      expect(await colourOf(page, 'verdict')).toBe(RED);
      await expect(page.getByTestId('report').textContent()).resolves.toContain(reason);
      // the failed check is told in words from the catalogue, not as a bare code
      const problems = await page.getByTestId('problems').textContent();
      expect(problems).not.toContain('DIGEST_MISMATCH');
      expect(problems?.length).toBeGreaterThan(10);
      await screenshot(page, `verify-invalid-${locale}`);
      expect(await seriousA11yViolations(page)).toEqual([]);
      await context.close();
    });
  }

  it("a file that is not a PDF: the API's error sentence in the chosen language, the code only in small print", async () => {
    // what the API answers for this upload, asked directly
    const form = new FormData();
    form.append('file', new Blob([await readFile(notPdf)], { type: 'application/pdf' }), 'broken.pdf');
    const answer = await fetch(`${service.baseUrl}/api/verify`, { method: 'POST', body: form });
    const body = (await answer.json()) as { code: string; message_zh: string; message_en: string };
    expect(answer.status).toBeGreaterThanOrEqual(400);
    for (const locale of ['zh-CN', 'en'] as const) {
      const { context, page } = await openVerify(locale);
      await upload(page, notPdf);
      const error = page.getByTestId('error');
      await expect(error.locator('.error-message').textContent()).resolves.toBe(locale === 'en' ? body.message_en : body.message_zh);
      await expect(error.locator('.error-code').textContent()).resolves.toContain(body.code);
      await screenshot(page, `verify-error-${locale}`);
      await context.close();
    }
  });
});
