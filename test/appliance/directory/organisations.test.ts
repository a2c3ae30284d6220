import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Organisations } from '../../../appliance/directory/organisations.js';
import { isSealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import { codeOf, tempDirectory, type TempDirectory } from './temp-directory.js';

let temp: TempDirectory;
let orgs: Organisations;

beforeEach(() => {
  temp = tempDirectory();
  orgs = temp.directory.organisations;
});
afterEach(() => temp.remove());

function tree() {
  const zhejiang = orgs.create({ name: '浙江省', level: 'province' });
  const hangzhou = orgs.create({ name: '杭州市', level: 'city', parentId: zhejiang.id });
  const xihu = orgs.create({ name: '西湖区', level: 'district', parentId: hangzhou.id });
  const centre = orgs.create({ name: '西湖区行政服务中心', level: 'department', parentId: xihu.id, uscc: '11330106MB17524833' });
  const ningbo = orgs.create({ name: '宁波市', nameEn: 'Ningbo', level: 'city', parentId: zhejiang.id });
  return { zhejiang, hangzhou, xihu, centre, ningbo };
}

describe('organisations', () => {
  it('keeps the hierarchy and answers within / subtree', () => {
    const t = tree();
    expect(orgs.within(t.xihu.id, t.centre.id)).toBe(true);
    expect(orgs.within(t.zhejiang.id, t.centre.id)).toBe(true);
    expect(orgs.within(t.centre.id, t.centre.id)).toBe(true);
    expect(orgs.within(t.centre.id, t.xihu.id)).toBe(false);
    expect(orgs.within(t.ningbo.id, t.centre.id)).toBe(false);
    expect(orgs.within(t.xihu.id, 'org-unknown')).toBe(false);
    expect(orgs.subtree(t.hangzhou.id).map((o) => o.name)).toEqual(['杭州市', '西湖区', '西湖区行政服务中心']);
    expect(orgs.list().map((o) => o.name)).toEqual(['浙江省', '宁波市', '杭州市', '西湖区', '西湖区行政服务中心']);
    expect(orgs.get(t.ningbo.id)).toMatchObject({ name: '宁波市', nameEn: 'Ningbo', level: 'city', parentId: t.zhejiang.id, uscc: null });
  });

  it('finds the organisation a seal belongs to by its USCC', () => {
    const t = tree();
    expect(orgs.organisationOfUscc('11330106MB17524833')?.id).toBe(t.centre.id);
    expect(orgs.organisationOfUscc('113300000024824470')).toBeUndefined();
  });

  it('refuses a child at or above its parent’s level', () => {
    const t = tree();
    expect(codeOf(() => orgs.create({ name: '某市', level: 'city', parentId: t.hangzhou.id }))).toBe('ORGANISATION_INVALID');
    expect(codeOf(() => orgs.create({ name: '某省', level: 'province', parentId: t.xihu.id }))).toBe('ORGANISATION_INVALID');
    expect(codeOf(() => orgs.create({ name: '下级', level: 'department', parentId: t.centre.id }))).toBe('ORGANISATION_INVALID');
    let refusal: unknown;
    try {
      orgs.create({ name: '某区', level: 'district', parentId: t.xihu.id });
    } catch (e) {
      refusal = e;
    }
    // the clerk reads the refusal in Chinese; the English sentence (and the log) keep the English reason
    expect(isSealdeskError(refusal, 'ORGANISATION_INVALID') && refusal.messageZh).toBe('单位信息无效：区（县）级单位不能设在区（县）级单位之下');
    expect(isSealdeskError(refusal) && refusal.messageEn).toBe('The organisation is invalid: a district cannot be placed under a district');
    // a provincial department sits directly under the province: levels may be skipped downwards
    expect(orgs.create({ name: '浙江省市场监督管理局', level: 'department', parentId: t.zhejiang.id }).level).toBe('department');
  });

  it('validates the USCC, the name and the parent', () => {
    const t = tree();
    let error: unknown;
    try {
      orgs.create({ name: '西湖区市场监督管理局', level: 'department', parentId: t.xihu.id, uscc: '11330106MB17061145' });
    } catch (e) {
      error = e;
    }
    expect(isSealdeskError(error, 'ORGANISATION_INVALID') && error.message).toContain('check character');
    expect(isSealdeskError(error) && error.messageZh).toMatch(/^单位信息无效：统一社会信用代码无效（校验码为“5”，应为“.”）$/);
    expect(codeOf(() => orgs.create({ name: '另一个', level: 'department', parentId: t.xihu.id, uscc: '11330106MB17524833' }))).toBe('ORGANISATION_INVALID');
    expect(codeOf(() => orgs.create({ name: ' ', level: 'department', parentId: t.xihu.id }))).toBe('ORGANISATION_INVALID');
    expect(codeOf(() => orgs.create({ name: '西湖区', level: 'district', parentId: t.hangzhou.id }))).toBe('ORGANISATION_INVALID');
    expect(codeOf(() => orgs.create({ name: '孤儿', level: 'department', parentId: 'org-missing' }))).toBe('ORGANISATION_NOT_FOUND');
    expect(codeOf(() => orgs.create({ name: '乱', level: 'village' as never }))).toBe('ORGANISATION_INVALID');
  });

  it('renames, keeping level, USCC and place', () => {
    const t = tree();
    const renamed = orgs.rename(t.centre.id, { name: '西湖区政务服务中心', nameEn: 'Xihu Government Service Centre' });
    expect(renamed).toMatchObject({ name: '西湖区政务服务中心', nameEn: 'Xihu Government Service Centre', uscc: '11330106MB17524833', parentId: t.xihu.id });
    expect(orgs.rename(t.centre.id, { name: '西湖区政务服务中心' }).nameEn).toBe('Xihu Government Service Centre');
    expect(codeOf(() => orgs.rename(t.hangzhou.id, { name: '宁波市' }))).toBe('ORGANISATION_INVALID');
    expect(codeOf(() => orgs.rename('org-missing', { name: 'x' }))).toBe('ORGANISATION_NOT_FOUND');
  });

  it('survives a reopen', () => {
    const t = tree();
    const again = temp.reopen();
    expect(again.organisations.within(t.zhejiang.id, t.centre.id)).toBe(true);
  });
});
