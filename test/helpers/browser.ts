import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Debian's chromium (scripts/setup.sh installs it); SEALDESK_CHROMIUM points elsewhere. */
export const CHROMIUM = process.env.SEALDESK_CHROMIUM ?? '/usr/bin/chromium';

/** test-output/screenshots at the repository root (gitignored). */
export const SCREENSHOTS = resolve(dirname(fileURLToPath(import.meta.url)), '../../test-output/screenshots');

export type PageLocale = 'zh-CN' | 'en';

/**
 * Launches the real Chromium, headless. A missing binary fails the test with what to do about
 * it: the pages' tests never skip.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: install chromium (scripts/setup.sh)`);
  // --no-sandbox: the test runner may be root (containers), where Chromium's sandbox refuses to start
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
}

/**
 * A fresh browser profile (no cookies, no localStorage) on the service, with the pages' locale
 * chosen as a user would have chosen it before (localStorage), or the default when none is given.
 * bypassCSP lets the test inject axe-core into pages whose CSP allows only their own scripts.
 */
export async function openContext(browser: Browser, baseURL: string, options: { locale?: PageLocale; viewport?: { width: number; height: number } } = {}): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL, bypassCSP: true, viewport: options.viewport ?? { width: 1280, height: 900 }, locale: 'zh-CN' });
  if (options.locale) {
    // runs in the page before its scripts (a string: this file is compiled without the DOM lib)
    await context.addInitScript({ content: `if (!localStorage.getItem('sealdesk.locale')) localStorage.setItem('sealdesk.locale', ${JSON.stringify(options.locale)});` });
  }
  return context;
}

/** Saves a full-page screenshot as test-output/screenshots/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

let axeSource: string | undefined;

/** Runs axe-core in the page (WCAG 2 A/AA rules) and returns the serious and critical violations. */
export async function seriousA11yViolations(page: Page): Promise<AxeViolation[]> {
  axeSource ??= await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate<AxeViolation[]>(`(async () => {
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => JSON.stringify(n.target)) }));
  })()`);
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
