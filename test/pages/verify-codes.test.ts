/**
 * The verify page's code path and the anchor status, in real Chromium against the real service
 * and a real anvil chain (the real ledger worker anchors): a stamp's QR URL opened as is checks
 * itself (anchored: green with the seal, organisation, block and transaction; pending: amber,
 * not red); an unknown event and an altered licence code read red with the catalogue's sentence
 * in the chosen language; a pasted licence code shows its record; the counter's list of today's
 * stamps turns from pending to anchored without a reload.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuid7 } from '../../appliance/ledger/outbox/uuid7.js';
import { launchChromium, openContext, screenshot, seriousA11yViolations, type PageLocale } from '../helpers/browser.js';
import { TEST_PASSWORD } from '../helpers/service.js';
import { USER_PIN } from '../helpers/softhsm.js';
import { startChainHall, type Headers, type MadeStamp } from './helpers/chain-hall.js';

const GREEN = 'rgb(11, 107, 46)';
const RED = 'rgb(179, 38, 30)';
const HOLDER = { name: '张三丰', idNumber: '11010519491231002X' };

const hall = await startChainHall();
const { service } = hall;
const business = service.seals[1]!;
let browser: Browser;
let clerk: Awaited<ReturnType<typeof service.signIn>>;
let anchored: MadeStamp;
let pending: MadeStamp;

beforeAll(async () => {
  browser = await launchChromium();
  clerk = await service.signIn('clerk', service.organisations.own, { grantSeals: [business] });
  anchored = await hall.stamp(clerk.headers, business);
  await hall.chain.anchorAll();
  pending = await hall.stamp(clerk.headers, business);
}, 60_000);
afterAll(() => browser?.close());

async function open(path: string, locale?: PageLocale): Promise<Page> {
  const context = await openContext(browser, hall.baseUrl, locale ? { locale } : {});
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  await page.goto(path);
  return page;
}
const verdictOf = async (page: Page) => {
  const verdict = page.getByTestId('verdict');
  await verdict.waitFor();
  return { status: await verdict.getAttribute('data-status'), colour: await verdict.evaluate((el) => el.ownerDocument.defaultView!.getComputedStyle(el).color), text: await verdict.innerText() };
};
const stampOf = (id: string, headers: Headers = clerk.headers) => service.app.inject({ method: 'GET', url: `/api/stamps/${id}`, headers }).then((r) => r.json<{ anchor: { status: string; blockNumber: number; txHash: string } }>());
const qrPath = (stamp: MadeStamp) => `/verify${new URL(stamp.result.verificationUrl).search}`;

describe('a stamp’s verification code', () => {
  it('opened as /verify?doc=…&event=… (what the QR encodes): green at once, with the seal, organisation, block and transaction', async () => {
    const { anchor } = await stampOf(anchored.id);
    expect(anchor.status).toBe('anchored');
    const page = await open(qrPath(anchored));
    expect(await verdictOf(page)).toEqual({ status: 'valid', colour: GREEN, text: expect.stringContaining('有效') });
    expect(await page.getByTestId('seal-name').innerText()).toBe(business.name);
    expect(await page.getByTestId('seal-organisation').innerText()).toContain(service.organisations.own.name);
    expect(await page.getByTestId('anchor-block').innerText()).toBe(String(anchor.blockNumber));
    expect(await page.getByTestId('anchor-tx').innerText()).toBe(anchor.txHash);
    await screenshot(page, 'verify-code-anchored-zh-CN');
    expect(await seriousA11yViolations(page)).toEqual([]);

    // the same stamp's PDF, uploaded: its report shows the same anchor
    const pdf = await service.app.inject({ method: 'GET', url: `/api/stamps/${anchored.id}/pdf`, headers: clerk.headers });
    const file = join(service.context.workDir, '已盖章.pdf');
    await writeFile(file, pdf.rawPayload);
    await page.getByTestId('file-input').setInputFiles(file);
    await page.getByTestId('report').and(page.locator(':not([data-kind])')).waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('anchor-block').innerText()).toBe(String(anchor.blockNumber));
    expect(await page.getByTestId('anchor-tx').innerText()).toBe(anchor.txHash);
    await screenshot(page, 'verify-pdf-anchored-zh-CN');
    await page.context().close();
  });

  it('a stamp not anchored yet reads pending, not red', async () => {
    const page = await open(qrPath(pending), 'en');
    const verdict = await verdictOf(page);
    expect(verdict.status).not.toBe('invalid');
    expect(await page.getByTestId('anchor').getAttribute('data-anchor')).toBe('pending');
    expect(await page.getByTestId('chain').innerText()).toContain('Not anchored yet');
    expect(await page.getByTestId('anchor').evaluate((el) => el.ownerDocument.defaultView!.getComputedStyle(el).color)).not.toBe(RED);
    await screenshot(page, 'verify-code-pending-en');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.context().close();
  });

  it('a wrong event id: red, with the catalogue’s sentence', async () => {
    const wrong = `/verify?doc=${anchored.result.documentHash}&event=${uuid7()}`;
    const body = await fetch(`${hall.baseUrl}/api/verify/code/${encodeURIComponent(`${hall.baseUrl}${wrong}`)}`).then((r) => r.json() as Promise<{ code: string; message_zh: string }>);
    expect(body.code).toBe('EVENT_NOT_FOUND');
    const page = await open(wrong);
    expect(await verdictOf(page)).toEqual({ status: 'invalid', colour: RED, text: expect.stringContaining('无效') });
    expect(await page.locator('.error-message').innerText()).toBe(body.message_zh);
    await screenshot(page, 'verify-code-unknown-zh-CN');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.context().close();
  });
});

describe('a licence code (证照码)', () => {
  let code = '';
  beforeAll(async () => {
    const issued = await service.app.inject({ method: 'POST', url: '/api/licences', headers: clerk.headers, payload: { type: '居住证明', holder: HOLDER, fields: { 住址: '浙江省杭州市西湖区文三路 90 号' }, sealId: business.id, documentHash: anchored.result.documentHash, pin: USER_PIN } });
    expect(issued.statusCode, issued.body).toBe(201);
    code = issued.json<{ code: string }>().code;
  }, 30_000);

  const paste = async (page: Page, text: string) => {
    await page.getByTestId('code-input').fill(text);
    await page.getByRole('button', { name: /查验|Check/ }).click();
  };

  it('pasted: the record in green, type, holder (ID number masked), issuer, seal and chain', async () => {
    const page = await open('/verify');
    await paste(page, code);
    expect(await verdictOf(page)).toEqual({ status: 'valid', colour: GREEN, text: expect.stringContaining('有效') });
    expect(await page.getByTestId('licence-type').innerText()).toBe('居住证明');
    expect(await page.getByTestId('licence-holder').innerText()).toBe(HOLDER.name);
    expect(await page.getByTestId('record').innerText()).toContain('文三路 90 号');
    expect(await page.locator('body').innerText()).not.toContain(HOLDER.idNumber);
    expect(await page.getByTestId('seal-name').innerText()).toBe(business.name);
    expect(await page.getByTestId('seal-organisation').innerText()).toContain(service.organisations.own.name);
    expect(await page.getByTestId('anchor-tx').innerText()).toMatch(/^0x[0-9a-f]{64}$/);
    await screenshot(page, 'verify-licence-zh-CN');
    expect(await seriousA11yViolations(page)).toEqual([]);
    // the record names its type in Chinese; an English reader gets the English name
    await page.getByTestId('locale-switch').click();
    expect(await page.getByTestId('licence-type').innerText()).toBe('Residence certificate');
    await page.context().close();
  });

  it('opened from a link with the code in the fragment (/verify#code=…): the record shows, the code leaves the address bar, and no request carries it in its URL', async () => {
    const context = await openContext(browser, hall.baseUrl);
    const urls: string[] = [];
    context.on('request', (request) => urls.push(request.url()));
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(`/verify#code=${encodeURIComponent(code)}`);
    expect(await verdictOf(page)).toEqual({ status: 'valid', colour: GREEN, text: expect.stringContaining('有效') });
    expect(await page.getByTestId('licence-holder').innerText()).toBe(HOLDER.name);
    expect(page.url()).not.toContain(code.split('.')[2]);
    expect(urls.some((u) => u.endsWith('/api/licences/read'))).toBe(true);
    for (const url of urls) expect(url).not.toContain(code.split('.')[2]);
    await page.context().close();
  });

  it('one character changed: red, the LICENCE error in zh-CN and, after the switch, in English', async () => {
    const at = 40; // inside the record secret
    const altered = `${code.slice(0, at)}${code[at] === 'A' ? 'B' : 'A'}${code.slice(at + 1)}`;
    const answer = await fetch(`${hall.baseUrl}/api/licences/read`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: altered }) });
    const body = (await answer.json()) as { code: string; message_zh: string; message_en: string };
    expect(body.code).toMatch(/^LICENCE_/);
    const page = await open('/verify');
    await paste(page, altered);
    expect(await verdictOf(page)).toEqual({ status: 'invalid', colour: RED, text: expect.stringContaining('无效') });
    expect(await page.locator('.error-message').innerText()).toBe(body.message_zh);
    await screenshot(page, 'verify-licence-altered-zh-CN');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByTestId('locale-switch').click();
    await expect.poll(() => page.locator('.error-message').innerText()).toBe(body.message_en);
    expect((await verdictOf(page)).text).toContain('Invalid');
    await screenshot(page, 'verify-licence-altered-en');
    await page.context().close();
  });
});

describe('the counter’s list of today’s stamps', () => {
  it('shows the clerk’s stamp waiting, then anchored with its block, without a reload', async () => {
    const counterClerk = await service.signIn('clerk', service.organisations.own, { grantSeals: [business] });
    const mine = await hall.stamp(counterClerk.headers, business);
    const page = await open('/counter');
    await page.getByLabel('用户名').fill(counterClerk.username);
    await page.getByLabel('密码').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    const row = page.locator(`[data-testid="stamp-row"][data-stamp-id="${mine.id}"]`);
    await row.waitFor();
    expect(await row.innerText()).toContain('等待上链');
    await screenshot(page, 'counter-stamp-pending-zh-CN');
    let navigations = 0;
    page.on('framenavigated', () => navigations++);
    await hall.chain.anchorAll();
    const { anchor } = await stampOf(mine.id, counterClerk.headers);
    expect(anchor.status).toBe('anchored');
    await expect.poll(() => row.getAttribute('data-anchor'), { timeout: 10_000 }).toBe('anchored');
    const text = await row.innerText();
    expect(text).toContain('已上链');
    expect(text).toContain(`区块 ${anchor.blockNumber}`);
    expect(navigations).toBe(0);
    await screenshot(page, 'counter-stamp-anchored-zh-CN');
    await page.context().close();
  });
});
