/**
 * The admin page in real Chromium against the real service on a real SoftHSM token: the seal
 * administrator signs in, sees the token and opens it with the PIN, creates a seal and sees its
 * generated image, suspends, resumes and revokes it (after confirming), creates a clerk and a
 * kiosk (whose credential is shown once and works), grants a seal to the clerk, adds a template
 * from JSON and removes it, and finds every one of those actions in the audit log, verified intact
 * in green. In the directory it creates an organisation below its own and renames it, changes a
 * clerk's role to auditor (who then signs in as one), disables and enables them, and is refused
 * changing its own role with the service's sentence. It pages the audit log five entries at a time
 * down to the oldest, and filters it by action. Each section is photographed and checked with
 * axe-core in zh-CN and in English.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPages } from '../../scripts/build-pages.js';
import { launchChromium, openContext, screenshot, seriousA11yViolations } from '../helpers/browser.js';
import { startTestService, TEST_PASSWORD } from '../helpers/service.js';
import { USER_PIN } from '../helpers/softhsm.js';

const TEMPLATES = join(dirname(fileURLToPath(import.meta.url)), '../../templates');
const [service] = await Promise.all([startTestService(), buildPages()]);
await service.app.listen({ host: '127.0.0.1', port: 0 });
const address = service.app.server.address();
const baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
const { organisations: orgs } = service;
const official = service.seals[0]!;
const ADMIN = { username: 'seal-admin', password: TEST_PASSWORD };
const NEW_SEAL = '审批局测试合同章';
const PAGE_KEY = '页面测试密钥';
const NEW_PIN = '135792468';
const TEMPLATE = { id: 'residence-certificate-admin-copy', zh: '居住证明（管理员副本）', en: 'Residence certificate (administrator copy)' };
const NEW_ORG = { zh: '杭州市西湖区数据资源管理局', en: 'Xihu District Data Resources Bureau' };
const RENAMED_ORG = { zh: '杭州市西湖区大数据发展管理局', en: 'Xihu District Big Data Development Bureau' };
const CLERK = { username: 'clerk-li', displayName: '李窗口', password: 'Window-clerk-2027' };

let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  await service.context.directory.operators.create({ username: ADMIN.username, displayName: '赵管理', role: 'admin', organisationId: orgs.district.id, password: ADMIN.password });
  browser = await launchChromium();
  context = await openContext(browser, baseUrl);
  page = await context.newPage();
  page.setDefaultTimeout(15_000);
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

const tab = (name: string) => page.getByTestId(`tab-${name}`).click();
const text = (testId: string) => page.getByTestId(testId).innerText();
const sealRow = (name: string) => page.getByTestId('seal-row').filter({ hasText: name });
const operatorRow = (username: string) => page.locator(`[data-testid="operator-row"][data-username="${username}"]`);

/** Signs in outside this browser (whose cookie stays the admin's): the answer's status, body and session cookie. */
async function signInElsewhere(user: { username: string; password: string }): Promise<{ status: number; body: { role?: string; code?: string }; cookie: string }> {
  const answer = await fetch(`${baseUrl}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: user.username, password: user.password }) });
  return { status: answer.status, body: (await answer.json()) as { role?: string; code?: string }, cookie: (answer.headers.get('set-cookie') ?? '').split(';')[0]! };
}

/** The service's own answer to the admin changing their own role (this browser's session), to compare the page with. */
async function ownRoleRefusal(): Promise<{ code: string; message_zh: string; message_en: string }> {
  const me = (await (await context.request.get('/api/session')).json()) as { operatorId: string };
  const answer = await context.request.put(`/api/operators/${me.operatorId}/role`, { data: { role: 'auditor' } });
  expect(answer.status()).toBe(409);
  return (await answer.json()) as { code: string; message_zh: string; message_en: string };
}

/** A photograph and an accessibility check of what is on screen. */
async function check(name: string): Promise<void> {
  await screenshot(page, `admin-flow-${name}`);
  expect(await seriousA11yViolations(page), name).toEqual([]);
}

describe('admin flow', () => {
  it('signs in through the form and sees the token; opens it with the PIN', async () => {
    await page.goto('/admin');
    await page.getByLabel('用户名').fill(ADMIN.username);
    await page.getByLabel('密码').fill(ADMIN.password);
    await page.getByRole('button', { name: '登录' }).click();
    await expect(text('who')).resolves.toContain('赵管理（印章管理员）');

    const row = page.getByTestId('token-row').filter({ hasText: 'sealdesk-demo' });
    await row.waitFor();
    expect(await row.innerText()).toContain(service.token.serial);
    expect(await row.innerText()).toMatch(/●\s*已连接/);
    expect(await row.innerText()).toContain('已初始化');
    await row.getByLabel('sealdesk-demo 的用户 PIN').fill(USER_PIN);
    await row.getByRole('button', { name: '验证 PIN 登录' }).click();
    await expect.poll(() => row.innerText()).toContain('已登录（PIN 已验证）');
    await expect(row.getByRole('status').innerText()).resolves.toBe('令牌“sealdesk-demo”已登录。');
    await check('tokens-zh-CN');
  });

  it('generates a key from the page and lists it; changes the PIN and signs in with the new one', async () => {
    const panel = page.locator(`[data-testid="token-admin"][data-serial="${service.token.serial}"]`);
    await expect(panel.getByRole('heading', { level: 3 }).innerText()).resolves.toBe('令牌“sealdesk-demo”的管理');
    const keygen = panel.getByTestId('key-generate');
    await keygen.getByLabel('密钥类型').selectOption('ec-p384');
    await keygen.getByLabel('密钥标签').fill(PAGE_KEY);
    await keygen.getByRole('button', { name: '生成密钥' }).click();
    await expect(keygen.getByRole('status').innerText()).resolves.toBe(`密钥“${PAGE_KEY}”已生成。`);
    await expect.poll(() => panel.getByTestId('token-key-row').filter({ hasText: PAGE_KEY }).innerText()).toMatch(/ec-p384\s+否/);
    // sm2 is offered; this hall's token is SoftHSM, which has no SM2 mechanism: the typed refusal, no key made
    await keygen.getByLabel('密钥类型').selectOption('sm2');
    await keygen.getByLabel('密钥标签').fill('page-sm2');
    await keygen.getByRole('button', { name: '生成密钥' }).click();
    await expect(keygen.getByTestId('error').innerText()).resolves.toContain('SM2_PROFILE_MISSING');
    expect(await panel.getByTestId('token-key-row').filter({ hasText: 'page-sm2' }).count()).toBe(0);

    const change = panel.getByTestId('pin-change');
    await change.getByLabel('用户 PIN', { exact: true }).fill(USER_PIN);
    await change.getByLabel('新用户 PIN', { exact: true }).fill(NEW_PIN);
    await change.getByRole('button', { name: '修改用户 PIN' }).click();
    await expect(change.getByRole('status').innerText()).resolves.toBe('用户 PIN 已修改，请用新 PIN 登录。');
    const row = page.getByTestId('token-row').filter({ hasText: 'sealdesk-demo' });
    const pinField = row.getByLabel('sealdesk-demo 的用户 PIN');
    await pinField.waitFor();
    await pinField.fill(USER_PIN);
    await row.getByRole('button', { name: '验证 PIN 登录' }).click();
    await expect(row.getByTestId('error').innerText()).resolves.toContain('PIN_INCORRECT');
    await pinField.fill(NEW_PIN);
    await row.getByRole('button', { name: '验证 PIN 登录' }).click();
    await expect.poll(() => row.innerText()).toContain('已登录（PIN 已验证）');
    await check('token-admin-zh-CN');
  });

  it('creates a seal and shows its generated image', async () => {
    await tab('seals');
    await sealRow(official.name).waitFor();
    const form = page.getByTestId('seal-create');
    await form.getByLabel('类型').selectOption({ label: '合同专用章' });
    await form.getByLabel('机构', { exact: true }).selectOption({ label: orgs.own.name });
    // a name longer than a seal holds: the API's error, in Chinese, with its code
    await form.getByLabel('印章名称').fill('杭州市西湖区行政审批服务管理局合同专用章');
    await form.getByRole('button', { name: '生成密钥并创建印章' }).click();
    await expect(form.getByTestId('error').innerText()).resolves.toMatch(/出错了\s+输入无效[\s\S]*错误代码: INPUT_INVALID/);
    await form.getByLabel('印章名称').fill(NEW_SEAL);
    await form.getByRole('button', { name: '生成密钥并创建印章' }).click();
    const created = page.getByTestId('seal-created');
    await created.or(form.getByTestId('error')).waitFor({ timeout: 30_000 });
    expect(await form.getByTestId('error').count(), await form.innerText()).toBe(0);
    expect(await created.innerText()).toContain(`印章“${NEW_SEAL}”已创建。`);
    expect(await created.innerText()).toMatch(/正常/);
    const image = page.getByRole('img', { name: `印章“${NEW_SEAL}”的印模` }).first();
    await expect.poll(() => image.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(100);
    // the image is the one the API serves for the seal, and a PNG
    const src = (await page.getByTestId('seal-created-image').getAttribute('src'))!;
    const png = await context.request.get(src);
    expect(png.headers()['content-type']).toBe('image/png');
    await expect(sealRow(NEW_SEAL).innerText()).resolves.toMatch(/合同专用章[\s\S]*正常/);
    await check('seal-created-zh-CN');
  });

  it('suspends and resumes the seal, then revokes it after confirming', async () => {
    const row = sealRow(NEW_SEAL);
    await row.getByRole('button', { name: `变更状态 ${NEW_SEAL}` }).click();
    const panel = page.getByTestId('seal-change');
    // a suspension needs a reason
    await panel.getByRole('button', { name: '暂停' }).click();
    await expect(panel.innerText()).resolves.toContain('暂停和注销必须填写原因。');
    await panel.getByLabel('原因').fill('印章保管人休假');
    await panel.getByRole('button', { name: '暂停' }).click();
    await expect(text('seal-changed')).resolves.toBe('印章已暂停。');
    await expect.poll(() => row.getAttribute('data-status')).toBe('suspended');
    expect(await row.innerText()).toMatch(/已暂停[\s\S]*原因: 印章保管人休假/);

    await panel.getByRole('button', { name: '恢复' }).click();
    await expect(text('seal-changed')).resolves.toBe('印章已恢复使用。');
    await expect.poll(() => row.getAttribute('data-status')).toBe('active');

    await panel.getByLabel('原因').fill('机构撤并，印章停用');
    await panel.getByRole('button', { name: '注销' }).click();
    const confirm = page.getByRole('alertdialog');
    await expect(confirm.innerText()).resolves.toContain(`注销是最终操作，无法恢复。确定要注销印章“${NEW_SEAL}”吗？`);
    await check('seal-revoke-confirm-zh-CN');
    // nothing happened yet: cancel keeps the seal active
    await confirm.getByRole('button', { name: '取消' }).click();
    expect(await row.getAttribute('data-status')).toBe('active');
    await panel.getByRole('button', { name: '注销' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: '确认注销' }).click();
    await expect(text('seal-changed')).resolves.toBe('印章已注销。');
    await expect.poll(() => row.getAttribute('data-status')).toBe('revoked');
    expect(await row.innerText()).toMatch(/已注销[\s\S]*机构撤并，印章停用/);
    // final: no more changes offered
    expect(await row.getByRole('button').count()).toBe(0);
    const api = (await (await context.request.get('/api/seals')).json()) as Array<{ name: string; status: string }>;
    expect(api.find((s) => s.name === NEW_SEAL)?.status).toBe('revoked');
    await check('seals-zh-CN');
  });

  it('shows the organisation tree, creates a clerk, and a kiosk whose credential is shown once and works', async () => {
    await tab('directory');
    const tree = page.getByTestId('org-tree');
    await expect.poll(() => tree.innerText()).toMatch(new RegExp(`^${orgs.district.name} 区县\\n`));
    expect(await tree.innerText()).toContain(`${orgs.own.name} 部门`);
    expect(await tree.innerText()).toContain(`${orgs.sibling.name} 部门`);
    expect(await tree.innerText()).not.toContain(orgs.other.name);

    const form = page.getByTestId('operator-create');
    await form.getByLabel('用户名 / 终端编号').fill('clerk-wang');
    await form.getByLabel('姓名 / 名称').fill('王窗口');
    await form.getByLabel('角色').selectOption({ label: '窗口工作人员' });
    await form.getByLabel('机构', { exact: true }).selectOption({ label: orgs.own.name });
    await form.getByLabel(/初始密码/).fill('Window-clerk-2026');
    await form.getByRole('button', { name: '创建' }).click();
    await expect(text('operator-created')).resolves.toBe('已创建“王窗口”。');
    const clerkRow = page.locator('[data-testid="operator-row"][data-username="clerk-wang"]');
    await clerkRow.waitFor();
    expect(await clerkRow.innerText()).toMatch(new RegExp(`王窗口\\s+clerk-wang\\s+窗口工作人员\\s+${orgs.own.name}\\s+正常`));

    await form.getByLabel('用户名 / 终端编号').fill('kiosk-hall-1');
    await form.getByLabel('姓名 / 名称').fill('一号自助机');
    await form.getByLabel('角色').selectOption({ label: '自助终端' });
    await form.getByLabel('机构', { exact: true }).selectOption({ label: orgs.own.name });
    await form.getByRole('button', { name: '创建' }).click();
    const shown = page.getByTestId('terminal-credential');
    await shown.waitFor();
    expect(await shown.innerText()).toContain('终端凭据（只显示这一次）');
    const credential = await page.getByTestId('credential-value').innerText();
    // the credential opens a kiosk session (outside this browser, whose cookie stays the admin's)
    const kiosk = await fetch(`${baseUrl}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ terminal: 'kiosk-hall-1', credential }) });
    expect(kiosk.status).toBe(201);
    await check('directory-credential-zh-CN');
    await shown.getByRole('button', { name: '我已记下，关闭' }).click();
    expect(await page.getByTestId('terminal-credential').count()).toBe(0);
    expect(await page.locator('body').innerText()).not.toContain(credential);
  });

  it('creates an organisation below its own and renames it; the tree shows both names in turn', async () => {
    const tree = page.getByTestId('org-tree');
    const create = page.getByTestId('organisation-create');
    await create.getByLabel('上级机构').selectOption({ label: orgs.district.name });
    // below a district only a department fits
    await expect(create.getByLabel('级别').locator('option').allInnerTexts()).resolves.toEqual(['部门']);
    await create.getByLabel(/机构全称/).fill(NEW_ORG.zh);
    await create.getByLabel(/英文名称/).fill(NEW_ORG.en);
    await create.getByRole('button', { name: '新增机构' }).click();
    await expect(text('organisation-created')).resolves.toBe(`已新增机构“${NEW_ORG.zh}”。`);
    await expect.poll(() => tree.innerText()).toContain(`${NEW_ORG.zh} 部门`);
    const districtBranch = tree.locator('li').filter({ hasText: orgs.district.name }).first();
    expect(await districtBranch.locator('ul').innerText()).toContain(NEW_ORG.zh);
    // the same name twice under one parent: the service's refusal, in Chinese, with its code
    await create.getByLabel(/机构全称/).fill(NEW_ORG.zh);
    await create.getByRole('button', { name: '新增机构' }).click();
    await expect(create.getByTestId('error').innerText()).resolves.toMatch(/出错了[\s\S]*错误代码: ORGANISATION_INVALID/);

    const rename = page.getByTestId('organisation-rename');
    await rename.getByLabel('要更名的机构').selectOption({ label: NEW_ORG.zh });
    // the form starts from the current names
    await expect(rename.getByLabel(/机构全称/).inputValue()).resolves.toBe(NEW_ORG.zh);
    await expect(rename.getByLabel(/英文名称/).inputValue()).resolves.toBe(NEW_ORG.en);
    await rename.getByLabel(/机构全称/).fill(RENAMED_ORG.zh);
    await rename.getByLabel(/英文名称/).fill(RENAMED_ORG.en);
    await rename.getByRole('button', { name: '保存名称' }).click();
    await expect(text('organisation-renamed')).resolves.toBe(`机构已更名为“${RENAMED_ORG.zh}”。`);
    await expect.poll(() => tree.innerText()).toContain(`${RENAMED_ORG.zh} 部门`);
    expect(await tree.innerText()).not.toContain(NEW_ORG.zh);
    const listed = (await (await context.request.get('/api/organisations')).json()) as Array<{ name: string; nameEn: string | null; parentId: string | null; level: string }>;
    expect(listed.find((o) => o.name === RENAMED_ORG.zh)).toMatchObject({ nameEn: RENAMED_ORG.en, parentId: orgs.district.id, level: 'department' });
    await check('directory-organisations-zh-CN');
  });

  it("changes a clerk's role to auditor, disables and enables them; its own role change is refused", async () => {
    await service.context.directory.operators.create({ username: CLERK.username, displayName: CLERK.displayName, role: 'clerk', organisationId: orgs.sibling.id, password: CLERK.password });
    await page.getByRole('button', { name: '刷新' }).click();
    const row = operatorRow(CLERK.username);
    await row.waitFor();
    expect(await row.innerText()).toMatch(new RegExp(`${CLERK.displayName}\\s+${CLERK.username}\\s+窗口工作人员\\s+${orgs.sibling.name}\\s+正常`));

    await row.getByLabel(`${CLERK.displayName}的角色`).selectOption({ label: '审计员' });
    await row.getByRole('button', { name: `保存角色 ${CLERK.displayName}` }).click();
    await expect.poll(() => text('operator-changed')).toBe(`已将“${CLERK.displayName}”的角色改为审计员。`);
    await expect.poll(() => row.innerText()).toMatch(new RegExp(`${CLERK.username}\\s+审计员\\s+${orgs.sibling.name}\\s+正常`));
    // really changed: the clerk now signs in as an auditor
    const signedIn = await signInElsewhere(CLERK);
    expect(signedIn).toMatchObject({ status: 201, body: { role: 'auditor' } });

    await row.getByRole('button', { name: `停用 ${CLERK.displayName}` }).click();
    await expect.poll(() => text('operator-changed')).toBe(`已停用“${CLERK.displayName}”，其登录已结束。`);
    await expect.poll(() => row.innerText()).toMatch(new RegExp(`审计员\\s+${orgs.sibling.name}\\s+已停用`));
    // their open session ended and a new sign-in is refused
    const open = await fetch(`${baseUrl}/api/session`, { headers: { cookie: signedIn.cookie } });
    expect(open.status).toBe(401);
    expect(await signInElsewhere(CLERK)).toMatchObject({ body: { code: 'SIGN_IN_FAILED' } });
    await check('directory-disabled-zh-CN');

    await row.getByRole('button', { name: `启用 ${CLERK.displayName}` }).click();
    await expect.poll(() => text('operator-changed')).toBe(`已启用“${CLERK.displayName}”。`);
    await expect.poll(() => row.innerText()).toMatch(new RegExp(`审计员\\s+${orgs.sibling.name}\\s+正常`));

    // the administrator's own role: the service refuses, the page says so in its words, nothing changes
    const refusal = await ownRoleRefusal();
    const own = operatorRow(ADMIN.username);
    await own.getByLabel('赵管理的角色').selectOption({ label: '审计员' });
    await own.getByRole('button', { name: '保存角色 赵管理' }).click();
    const error = page.getByRole('region', { name: '人员与终端' }).getByTestId('error');
    await expect(error.locator('.error-message').innerText()).resolves.toBe(refusal.message_zh);
    expect(await error.innerText()).toMatch(/出错了[\s\S]*错误代码: OPERATOR_SELF_CHANGE/);
    expect(await page.getByTestId('operator-changed').count()).toBe(0);
    expect(await own.innerText()).toMatch(/赵管理\s+seal-admin\s+印章管理员/);
    await expect(text('who')).resolves.toContain('赵管理（印章管理员）');
    await check('directory-operators-zh-CN');
  });

  it('grants an active seal to the clerk and lists the grant; a revoked seal is not offered', async () => {
    await tab('acl');
    const sealChoice = page.getByLabel('印章', { exact: true });
    await sealChoice.waitFor();
    const offered = await sealChoice.locator('option').allInnerTexts();
    expect(offered.some((o) => o.startsWith(official.name))).toBe(true);
    expect(offered.some((o) => o.startsWith(NEW_SEAL))).toBe(false);
    await sealChoice.selectOption({ label: `${official.name} (正常)` });
    const grants = page.getByTestId('grants');
    await expect(grants.innerText()).resolves.toContain('该印章尚未授权给任何人。');
    await grants.getByLabel('授权给').selectOption({ label: '王窗口 (clerk-wang, 窗口工作人员)' });
    await grants.getByRole('button', { name: '授权' }).click();
    const grantRow = page.getByTestId('grant-row').filter({ hasText: 'clerk-wang' });
    await grantRow.waitFor();
    expect(await grantRow.innerText()).toContain('王窗口 (clerk-wang, 窗口工作人员)');
    await check('acl-zh-CN');
  });

  it('adds a template from JSON, lists it by its title, removes it', async () => {
    await tab('templates');
    await page.getByTestId('template-row').first().waitFor();
    expect(await text('templates-section')).toContain('居住证明');
    const descriptor = JSON.parse(await readFile(join(TEMPLATES, 'residence-certificate.json'), 'utf8')) as Record<string, unknown>;
    const copy = { ...descriptor, id: TEMPLATE.id, title: { zh: TEMPLATE.zh, en: TEMPLATE.en } };
    const form = page.getByTestId('template-add');
    // not JSON: said in words, nothing sent
    await form.getByLabel(/模板 JSON/).fill('{ "id": ');
    await form.getByRole('button', { name: '添加' }).click();
    await expect(form.innerText()).resolves.toContain('内容不是有效的 JSON 对象');
    // JSON the service refuses: its error in the chosen language
    await form.getByLabel(/模板 JSON/).fill(JSON.stringify({ id: 'broken-template', version: 1 }));
    await form.getByRole('button', { name: '添加' }).click();
    await expect(form.getByTestId('error').innerText()).resolves.toMatch(/出错了[\s\S]*错误代码/);

    await form.getByLabel(/模板 JSON/).fill(JSON.stringify(copy, null, 2));
    await form.getByRole('button', { name: '添加' }).click();
    await expect(text('template-added')).resolves.toBe(`模板“${TEMPLATE.zh}”已添加。`);
    const row = page.locator(`[data-testid="template-row"][data-template="${TEMPLATE.id}"]`);
    await row.waitFor();
    expect(await row.innerText()).toMatch(new RegExp(`${TEMPLATE.zh}[\\s\\S]*${TEMPLATE.id}\\s+1\\s+管理员添加`));
    await check('templates-zh-CN');

    await row.getByRole('button', { name: `删除 ${TEMPLATE.zh}` }).click();
    await expect(text('template-removed')).resolves.toBe(`模板 ${TEMPLATE.id} 已删除。`);
    await expect.poll(() => row.count()).toBe(0);
  });

  it('shows the audit log with those actions and its verification "完整" in green', async () => {
    await tab('audit');
    const verdict = page.getByTestId('audit-verdict');
    await verdict.waitFor();
    expect(await verdict.getAttribute('data-ok')).toBe('yes');
    expect(await verdict.innerText()).toMatch(/完整[\s\S]*审计日志完整，未发现篡改。[\s\S]*结论：未发现篡改。/);
    const colour = await verdict.locator('.verdict').evaluate((el) => (globalThis as unknown as { getComputedStyle(e: unknown): { color: string } }).getComputedStyle(el).color);
    expect(colour).toBe('rgb(11, 107, 46)');
    const actions = await page.getByTestId('audit-row').evaluateAll((rows) => rows.map((r) => `${r.getAttribute('data-action')}:${r.getAttribute('data-outcome')}`));
    for (const action of ['seal.create', 'seal.suspend', 'seal.resume', 'seal.revoke', 'operator.create', 'organisation.create', 'operator.role-change', 'operator.disable', 'grant.add', 'template.add', 'template.remove']) {
      expect(actions, action).toContain(`${action}:ok`);
    }
    // the refused template and the refused change of its own role are there too, as failed
    expect(actions).toContain('template.add:failed');
    expect(actions).toContain('operator.role-change:failed');
    const shown = await page.getByTestId('audit-entries').innerText();
    expect(shown).toContain(ADMIN.username);
    for (const words of ['创建印章', '暂停印章', '恢复印章', '注销印章', '新增人员', '新增机构', '变更角色', '停用/启用人员', '授权用章', '添加模板', '删除模板']) expect(shown).toContain(words);
    expect(await page.getByTestId('audit-row').filter({ hasText: '注销印章' }).innerText()).toMatch(/seal-admin[\s\S]*seal-[0-9a-f]+[\s\S]*成功/);
    await check('audit-zh-CN');
  });

  it('every section in English: texts, titles in English, the verdict "intact"', async () => {
    await page.getByTestId('locale-switch').click();
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe('Administration');
    await expect(page.getByTestId('audit-verdict').innerText()).resolves.toMatch(/intact[\s\S]*The audit log is intact[\s\S]*Result: no tampering found\./);
    await expect(page.getByTestId('audit-entries').innerText()).resolves.toMatch(/Seal revoked[\s\S]*Seal suspended[\s\S]*Seal created/);
    await check('audit-en');

    await tab('tokens');
    await expect.poll(() => page.getByTestId('token-row').filter({ hasText: 'sealdesk-demo' }).innerText()).toMatch(/signed in \(PIN accepted\)/);
    await check('tokens-en');

    await tab('seals');
    await expect.poll(() => sealRow(NEW_SEAL).innerText()).toMatch(/Contract seal[\s\S]*revoked/);
    await check('seals-en');

    await tab('directory');
    await page.locator('[data-testid="operator-row"][data-username="clerk-wang"]').waitFor();
    expect(await page.locator('[data-testid="operator-row"][data-username="clerk-wang"]').innerText()).toContain('Window clerk');
    expect(await operatorRow(CLERK.username).innerText()).toMatch(new RegExp(`${CLERK.username}\\s+Auditor\\s+${orgs.sibling.name}\\s+active`));
    await expect.poll(() => page.getByTestId('org-tree').innerText()).toContain(`${RENAMED_ORG.en} department`);
    await expect(page.getByTestId('organisation-create').getByRole('heading').innerText()).resolves.toBe('New organisation below another');
    // the refusal of its own role change, now in English
    const refusal = await ownRoleRefusal();
    const own = operatorRow(ADMIN.username);
    await own.getByLabel('Role of 赵管理').selectOption({ label: 'Auditor' });
    await own.getByRole('button', { name: 'Save role 赵管理' }).click();
    await expect(page.getByRole('region', { name: 'Operators and terminals' }).getByTestId('error').locator('.error-message').innerText()).resolves.toBe(refusal.message_en);
    await check('directory-en');

    await tab('acl');
    await page.getByLabel('Seal', { exact: true }).selectOption({ label: `${official.name} (active)` });
    await expect(page.getByTestId('grant-row').first().innerText()).resolves.toContain('clerk-wang, Window clerk');
    await check('acl-en');

    await tab('templates');
    const builtIn = page.locator('[data-testid="template-row"][data-template="residence-certificate"]');
    await expect(builtIn.innerText()).resolves.toMatch(/Residence certificate[\s\S]*built-in/);
    await check('templates-en');
  });

  it('pages through the audit log five at a time down to the oldest entry; filters by action', async () => {
    // what the service holds for this administrator, newest first
    const all = (await (await context.request.get('/api/audit?limit=500')).json()) as { entries: Array<{ seq: number }>; next: number | null };
    expect(all.next).toBeNull();
    const expected = all.entries.map((e) => e.seq);
    expect(expected.length).toBeGreaterThan(10);

    await page.goto('/admin?auditPage=5');
    await tab('audit');
    const seqs = () => page.getByTestId('audit-row').evaluateAll((rows) => rows.map((r) => Number(r.querySelector('td')?.textContent)));
    await expect.poll(seqs).toEqual(expected.slice(0, 5));
    const older = page.getByRole('button', { name: 'Older entries' });
    for (let shown = 5; shown < expected.length; shown += 5) {
      await older.click();
      await expect.poll(seqs).toEqual(expected.slice(0, Math.min(shown + 5, expected.length)));
    }
    // every entry once, in falling order, and no button past the oldest
    const final = await seqs();
    expect(new Set(final).size).toBe(final.length);
    expect(final).toEqual([...final].sort((x, y) => y - x));
    await expect(text('audit-no-older')).resolves.toBe('No older entries.');
    expect(await page.getByTestId('audit-older').count()).toBe(0);
    await check('audit-paged-en');

    // the refresh starts again from the newest page
    await page.getByTestId('audit-section').getByRole('button', { name: 'Refresh' }).click();
    await expect.poll(seqs).toEqual(expected.slice(0, 5));
    await expect(older.isVisible()).resolves.toBe(true);

    // one action only: the seal's revocation (fewer than a page, so no older ones)
    const revoked = (await (await context.request.get('/api/audit?limit=500&action=seal.revoke')).json()) as { entries: Array<{ seq: number }> };
    expect(revoked.entries.length).toBeGreaterThan(0);
    expect(revoked.entries.length).toBeLessThan(5);
    await page.getByLabel('Filter by action').selectOption('seal.revoke');
    await expect.poll(seqs).toEqual(revoked.entries.map((e) => e.seq));
    expect(await page.getByTestId('audit-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-action')))).toEqual(revoked.entries.map(() => 'seal.revoke'));
    await expect(text('audit-no-older')).resolves.toBe('No older entries.');
    await check('audit-filtered-en');
  });
});
