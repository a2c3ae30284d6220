/**
 * The admin page on a hall whose token is the simulated GM USB key, in real Chromium: the seal
 * administrator opens the key with its PIN, generates an SM2 key from the page (key type `sm2`,
 * which SoftHSM refuses in admin-flow.test.ts), then creates a seal with that key from the seal
 * form, which offers it as the seal's key. The seal list shows the new seal as active, the key
 * list shows the SM2 key now certified, and the service's seal holds the certificate the SM2 dev
 * CA issued for that key (an SM2 public key, not a newly generated EC P-256 one).
 */
import { X509Certificate } from '@peculiar/x509';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openContext, screenshot, seriousA11yViolations } from '../helpers/browser.js';
import { GM_PIN } from '../helpers/gm-key-home.js';
import { TEST_PASSWORD } from '../helpers/service.js';
import { GM_ORG, GM_USCC, startGmHall, type GmHall } from './helpers/gm-hall.js';

const ADMIN = { username: 'gm-seal-admin', password: TEST_PASSWORD };
const SM2_KEY = '审批局国密密钥';
const NEW_SEAL = '审批局国密业务章';
/** id-ecPublicKey with the SM2 curve (GM/T 0006: 1.2.156.10197.1.301). */
const SM2_CURVE = '1.2.156.10197.1.301';

let hall: GmHall;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  [hall, browser] = await Promise.all([startGmHall(), launchChromium()]);
  const own = hall.context.scope.organisationOfUscc(GM_USCC)!;
  await hall.context.directory.operators.create({ username: ADMIN.username, displayName: '钱管理', role: 'admin', organisationId: own, password: ADMIN.password });
  context = await openContext(browser, hall.baseUrl);
  page = await context.newPage();
  page.setDefaultTimeout(20_000);
}, 300_000);

afterAll(async () => {
  await browser?.close();
});

const tab = (name: string) => page.getByTestId(`tab-${name}`).click();
const tokenRow = () => page.getByTestId('token-row').filter({ hasText: 'gm-seal' });
const keyRow = (label: string) => page.getByTestId('token-key-row').filter({ hasText: label });

async function check(name: string): Promise<void> {
  await screenshot(page, `admin-sm2-${name}`);
  expect(await seriousA11yViolations(page), name).toEqual([]);
}

describe('an SM2 seal made from the admin page on a GM key', { timeout: 180_000 }, () => {
  it('opens the GM key with its PIN and generates an SM2 key from the page', async () => {
    await page.goto('/admin');
    await page.getByLabel('用户名').fill(ADMIN.username);
    await page.getByLabel('密码').fill(ADMIN.password);
    await page.getByRole('button', { name: '登录' }).click();
    await expect(page.getByTestId('who').innerText()).resolves.toContain('钱管理（印章管理员）');

    const row = tokenRow();
    await row.getByLabel('gm-seal 的用户 PIN').fill(GM_PIN);
    await row.getByRole('button', { name: '验证 PIN 登录' }).click();
    await expect.poll(() => row.innerText()).toContain('已登录（PIN 已验证）');

    const keygen = page.getByTestId('key-generate');
    await keygen.getByLabel('密钥类型').selectOption('sm2');
    await keygen.getByLabel('密钥标签').fill(SM2_KEY);
    await keygen.getByRole('button', { name: '生成密钥' }).click();
    await keygen.getByRole('status').or(keygen.getByTestId('error')).waitFor();
    await expect(keygen.innerText()).resolves.toContain(`密钥“${SM2_KEY}”已生成。`);
    // the new key: sm2, no certificate yet
    await expect.poll(() => keyRow(SM2_KEY).innerText()).toMatch(/sm2\s+否/);
    await check('key-generated-zh-CN');
  });

  it('creates a seal with that SM2 key from the seal form; the list shows it active', async () => {
    await tab('seals');
    const form = page.getByTestId('seal-create');
    const keyChoice = form.getByLabel('印章密钥');
    // the SM2 key is offered; the GB/T 38540 seal's key (certified already) is not
    await expect.poll(() => keyChoice.locator('option').allInnerTexts()).toContain(`${SM2_KEY} (sm2)`);
    expect((await keyChoice.locator('option').allInnerTexts()).some((o) => o.startsWith(hall.eseal.name))).toBe(false);
    await keyChoice.selectOption({ label: `${SM2_KEY} (sm2)` });
    await form.getByLabel('印章名称').fill(NEW_SEAL);
    await form.getByLabel('类型').selectOption({ label: '业务专用章' });
    await form.getByLabel('机构', { exact: true }).selectOption({ label: GM_ORG });
    await form.getByRole('button', { name: '用所选密钥创建印章' }).click();
    const created = page.getByTestId('seal-created');
    await created.or(form.getByTestId('error')).waitFor({ timeout: 60_000 });
    expect(await form.getByTestId('error').count(), await form.innerText()).toBe(0);
    expect(await created.innerText()).toContain(`印章“${NEW_SEAL}”已创建。`);

    const row = page.getByTestId('seal-row').filter({ hasText: NEW_SEAL });
    await expect.poll(() => row.innerText()).toMatch(/业务专用章[\s\S]*正常/);
    await expect.poll(() => row.getAttribute('data-status')).toBe('active');
    await check('seal-created-zh-CN');

    // the seal's certificate is the SM2 dev CA's, for the key generated above
    const sealId = (await row.getAttribute('data-seal'))!;
    const seal = (await (await context.request.get(`/api/seals/${sealId}`)).json()) as { key: { keyLabel: string; tokenLabel: string }; certificateChain: string[] };
    expect(seal.key).toMatchObject({ keyLabel: SM2_KEY, tokenLabel: 'gm-seal' });
    const certificate = new X509Certificate(seal.certificateChain[0]!);
    expect(certificate.subject).toContain(NEW_SEAL);
    expect(Buffer.from(certificate.publicKey.rawData).toString('hex')).toContain(oidHex(SM2_CURVE));
  });

  it('the key list shows the SM2 key now certified, and it is no longer offered for a seal', async () => {
    await tab('tokens');
    await expect.poll(() => keyRow(SM2_KEY).innerText()).toMatch(/sm2\s+是/);
    await tab('seals');
    const keyChoice = page.getByTestId('seal-create').getByLabel('印章密钥');
    await expect.poll(() => keyChoice.locator('option').count()).toBeGreaterThan(0);
    expect(await keyChoice.locator('option').allInnerTexts()).not.toContain(`${SM2_KEY} (sm2)`);
  });
});

/** The DER content bytes of an OBJECT IDENTIFIER, in hex. */
function oidHex(oid: string): string {
  const [a, b, ...rest] = oid.split('.').map(Number) as [number, number, ...number[]];
  const bytes = [a * 40 + b];
  for (const n of rest) {
    const part = [n & 0x7f];
    for (let v = n >>> 7; v > 0; v >>>= 7) part.unshift((v & 0x7f) | 0x80);
    bytes.push(...part);
  }
  return Buffer.from(bytes).toString('hex');
}
