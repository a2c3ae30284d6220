/**
 * OFD in the pages, in real Chromium against the service on a simulated GM USB key (an SM2 dev CA
 * and a GB/T 38540 seal made by the real CLI): the clerk opens ofdrw's helloworld.ofd at the
 * counter, sees the page the service drew, clicks where the seal goes, types the PIN and stamps;
 * the stamped OFD downloads as an OFD with the seal where it was clicked; opened again at the
 * counter, its seal shows in the preview where it sits (read back from a canvas). The verify page takes
 * that OFD and shows 有效, the algorithm sm2-sm3 and the seal's picture from its SESeal (a real
 * image, natural size > 0); one changed byte of the page file reads 无效 and names the file; a
 * vendor's seal drawn as OFD is named "unsupported picture type", not shown.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openContext, screenshot, seriousA11yViolations } from '../helpers/browser.js';
import { GM_PIN } from '../helpers/gm-key-home.js';
import { readInterop } from '../helpers/interop.js';
import { tempDir } from '../helpers/temp-dir.js';
import { startGmHall, type GmHall } from './helpers/gm-hall.js';

let hall: GmHall;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let dir: string;
let stamped: Buffer | undefined;

beforeAll(async () => {
  [hall, browser, dir] = await Promise.all([startGmHall(), launchChromium(), tempDir('ofd-pages')]);
  context = await openContext(browser, hall.baseUrl);
  page = await context.newPage();
  page.setDefaultTimeout(20_000);
}, 300_000);

afterAll(async () => {
  await browser?.close();
});

const text = (testId: string) => page.getByTestId(testId).innerText();

/** An <img> as the page has it (the test's types have no DOM). */
type Img = { naturalWidth: number; naturalHeight: number; complete: boolean };

/** The attribute `name` of every element `tag` in an XML text. */
const attributes = (xml: string, tag: string, name: string) => [...xml.matchAll(new RegExp(`<(?:ofd:)?${tag}\\b[^>]*\\b${name}="([^"]*)"`, 'g'))].map((m) => m[1]!);

describe('the counter stamps an OFD at a clicked position', { timeout: 180_000 }, () => {
  it('shows the service-drawn page, places the seal where the clerk clicks, stamps; the OFD downloads with the seal there', async () => {
    const clerk = await hall.clerk();
    await page.goto('/counter');
    await page.getByLabel('用户名').fill(clerk.username);
    await page.getByLabel('密码').fill(clerk.password);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByTestId('who').waitFor();

    const input = join(dir, 'helloworld.ofd');
    await writeFile(input, await readInterop('ofdrw/helloworld.ofd'));
    await page.getByTestId('pdf-input').setInputFiles(input);
    await expect.poll(() => text('document')).toBe('helloworld.ofd');
    await page.locator('[data-testid="ofd-stage"][data-rendered="yes"]').waitFor();
    const preview = page.getByRole('img', { name: 'OFD 第 1 页预览（点击放置印章）' });
    // the page the service drew: an A4 PhysicalBox (210 × 297 mm) at 96 px per inch
    const natural = await preview.evaluate((el) => [(el as unknown as Img).naturalWidth, (el as unknown as Img).naturalHeight]);
    expect(natural[0]).toBeCloseTo((210 / 25.4) * 96, -1);
    expect(natural[1]).toBeCloseTo((297 / 25.4) * 96, -1);

    await page.getByRole('radio', { name: hall.eseal.name }).check();
    await page.getByTestId('seal-handle').waitFor();
    const box = (await preview.boundingBox())!;
    // a point at 140 mm from the left, 200 mm from the top of the page
    const target = { xMm: 140, yMm: 200 };
    await page.mouse.click(box.x + (target.xMm / 210) * box.width, box.y + (target.yMm / 297) * box.height);
    const handle = (await page.getByTestId('seal-handle').boundingBox())!;
    expect(handle.x + handle.width / 2).toBeCloseTo(box.x + (target.xMm / 210) * box.width, -1);
    expect(handle.y + handle.height / 2).toBeCloseTo(box.y + (target.yMm / 297) * box.height, -1);
    await screenshot(page, 'counter-ofd-placed-zh-CN');
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.getByLabel('令牌 PIN').fill(GM_PIN);
    await page.getByRole('button', { name: '盖章', exact: true }).click();
    await page.getByTestId('stamped').waitFor({ timeout: 60_000 });
    const href = await page.getByRole('link', { name: '下载已盖章文件' }).getAttribute('href');
    const download = await context.request.get(href!);
    expect(download.status()).toBe(200);
    expect(download.headers()['content-type']).toBe('application/ofd');
    expect(download.headers()['content-disposition']).toMatch(/filename=".+\.ofd"/);
    stamped = Buffer.from(await download.body());

    // the seal's box on the page: its centre where the clerk clicked
    const files = unzipSync(new Uint8Array(stamped));
    const signature = Object.keys(files).find((f) => /Signs\/Sign_\d+\/Signature\.xml$/.test(f))!;
    const [boundary] = attributes(strFromU8(files[signature]!), 'StampAnnot', 'Boundary');
    const [x, y, w, h] = boundary!.split(/\s+/).map(Number) as [number, number, number, number];
    expect(w).toBeCloseTo(42, 0);
    expect(Math.abs(x + w / 2 - target.xMm)).toBeLessThan(1.5);
    expect(Math.abs(y + h / 2 - target.yMm)).toBeLessThan(1.5);
  });
});

describe('the counter shows the seals already on an OFD', { timeout: 180_000 }, () => {
  it('the stamped OFD opened again: its seal is drawn in the preview where it was stamped, nothing red beside it', async () => {
    expect(stamped, 'the counter test stamps the OFD this test opens').toBeDefined();
    const input = join(dir, '已盖章.ofd');
    await writeFile(input, stamped!);
    await page.getByTestId('pdf-input').setInputFiles(input);
    await expect.poll(() => text('document')).toBe('已盖章.ofd');
    await page.locator('[data-testid="ofd-stage"][data-rendered="yes"]').waitFor();
    const files = unzipSync(new Uint8Array(stamped!));
    const signature = Object.keys(files).find((f) => /Signs\/Sign_\d+\/Signature\.xml$/.test(f))!;
    const seal = attributes(strFromU8(files[signature]!), 'StampAnnot', 'Boundary')[0]!.split(/\s+/).map(Number);
    // the preview as Chromium drew it, read back from a canvas: red pixels in the seal's box, none in the same box 60 mm to its left
    const red = (box: number[]) =>
      page.getByTestId('ofd-page').evaluate(async (el, mm) => {
        const img = el as unknown as { naturalWidth: number; naturalHeight: number; decode(): Promise<void> };
        await img.decode();
        const px = (v: number) => Math.round((v / 25.4) * 96);
        // the test's types have no DOM: the canvas is reached through globalThis
        const canvas = (globalThis as unknown as { document: { createElement(n: string): { width: number; height: number; getContext(c: string): { drawImage(i: unknown, x: number, y: number): void; getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } } } }).document.createElement('canvas');
        canvas.width = img.naturalWidth;
        canvas.height = img.naturalHeight;
        const g = canvas.getContext('2d');
        g.drawImage(img, 0, 0);
        const { data } = g.getImageData(px(mm[0]!), px(mm[1]!), Math.max(1, px(mm[2]!)), Math.max(1, px(mm[3]!)));
        let count = 0;
        for (let i = 0; i < data.length; i += 4) if (data[i]! > 150 && data[i + 1]! < 110 && data[i + 2]! < 110) count++;
        return count;
      }, box);
    expect(await red(seal)).toBeGreaterThan(500);
    expect(await red([seal[0]! - 60, seal[1]!, seal[2]!, seal[3]!])).toBe(0);
    await screenshot(page, 'counter-ofd-earlier-seal-zh-CN');
  });
});

describe('the verify page with an OFD', { timeout: 120_000 }, () => {
  async function verifyOnPage(name: string, bytes: Buffer): Promise<Page> {
    const path = join(dir, name);
    await writeFile(path, bytes);
    const p = await context.newPage();
    await p.goto('/verify');
    await p.getByTestId('file-input').setInputFiles(path);
    await p.getByTestId('report').waitFor({ timeout: 60_000 });
    return p;
  }

  it('the stamped OFD: 有效, sm2-sm3, the e-seal and its picture from the SESeal', async () => {
    expect(stamped, 'the counter test stamps the OFD this test verifies').toBeDefined();
    const p = await verifyOnPage('居住证明-已盖章.ofd', stamped!);
    expect(await p.getByTestId('verdict').getAttribute('data-status')).toBe('valid');
    expect(await p.getByTestId('verdict').innerText()).toContain('有效');
    expect(await p.getByTestId('algorithm').innerText()).toBe('sm2-sm3');
    expect(await p.getByTestId('eseal-name').innerText()).toBe(hall.eseal.name);
    expect(await p.getByTestId('seal-organisation').innerText()).toContain('杭州市西湖区行政审批服务管理局');
    const picture = p.getByRole('img', { name: `电子印章“${hall.eseal.name}”的图像` });
    await expect.poll(() => picture.evaluate((el) => (el as unknown as Img).complete && (el as unknown as Img).naturalWidth)).toBeGreaterThan(0);
    expect(await picture.evaluate((el) => (el as unknown as Img).naturalHeight)).toBeGreaterThan(0);
    expect(await picture.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    await screenshot(p, 'verify-ofd-valid-zh-CN');
    expect(await seriousA11yViolations(p)).toEqual([]);
    await p.close();
  });

  it('one changed byte of the page file: 无效, and the file is named', async () => {
    const files = unzipSync(new Uint8Array(stamped!));
    const pageFile = 'Doc_0/Pages/Page_0/Content.xml';
    files[pageFile] = strToU8(strFromU8(files[pageFile]!).replace('Reader', 'Raader'));
    const p = await verifyOnPage('changed.ofd', Buffer.from(zipSync(files)));
    expect(await p.getByTestId('verdict').getAttribute('data-status')).toBe('invalid');
    expect(await p.getByTestId('problems').innerText()).toContain(`/${pageFile}`);
    expect(await p.locator(`[data-testid="references"] li[data-status="changed"]`).innerText()).toContain(`/${pageFile}`);
    await p.close();
  });

  it('a seal whose picture is drawn as OFD (a vendor’s e-invoice): named as an unsupported picture type, nothing injected', async () => {
    const p = await verifyOnPage('v4signed.ofd', await readInterop('ofdrw/v4signed.ofd'));
    await p.getByTestId('eseal-name').first().waitFor();
    expect(await p.getByTestId('seal-picture-unsupported').first().innerText()).toBe('不支持的印章图像类型（ofd），未显示。');
    expect(await p.getByTestId('seal-picture').count()).toBe(0);
    await p.close();
  });
});
