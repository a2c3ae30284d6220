import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Directory } from '../../../appliance/directory/directory.js';
import type { Organisation } from '../../../appliance/directory/organisation.js';
import type { Principal } from '../../../appliance/directory/principal.js';
import { codeOf, tempDirectory, type TempDirectory } from './temp-directory.js';

let temp: TempDirectory;
let directory: Directory;
let xihu: Organisation;
let centre: Organisation;
let ningbo: Organisation;
const people: Record<string, Principal> = {};

beforeEach(async () => {
  temp = tempDirectory();
  directory = temp.directory;
  const zhejiang = directory.organisations.create({ name: '浙江省', level: 'province' });
  xihu = directory.organisations.create({ name: '西湖区', level: 'district', parentId: zhejiang.id });
  centre = directory.organisations.create({ name: '西湖区行政服务中心', level: 'department', parentId: xihu.id });
  ningbo = directory.organisations.create({ name: '宁波市', level: 'city', parentId: zhejiang.id });
  for (const [username, role, org] of [
    ['admin01', 'admin', xihu], ['clerk01', 'clerk', centre], ['kiosk-01', 'kiosk', centre], ['audit01', 'auditor', xihu], ['nb-clerk', 'clerk', ningbo],
  ] as const) {
    const { operator } = await directory.operators.create({
      username, displayName: username, role, organisationId: org.id, ...(role === 'kiosk' ? {} : { password: 'long enough password' }),
    });
    people[username] = directory.sessions.open(operator).principal;
  }
});
afterEach(() => temp.remove());

describe('seal grants', () => {
  it('lets a clerk or kiosk stamp only with a granted seal of its subtree', () => {
    const admin = people.admin01!;
    expect(directory.grants.maySeal(people.clerk01!, 'seal-1', centre.id)).toBe(false);
    directory.grants.grant('seal-1', centre.id, people.clerk01!.operatorId, admin.operatorId);
    directory.grants.grant('seal-1', centre.id, people['kiosk-01']!.operatorId, admin.operatorId);
    expect(directory.grants.maySeal(people.clerk01!, 'seal-1', centre.id)).toBe(true);
    expect(directory.grants.maySeal(people['kiosk-01']!, 'seal-1', centre.id)).toBe(true);
    expect(directory.grants.maySeal(people.clerk01!, 'seal-2', centre.id)).toBe(false);
    // a grant does not reach outside the subtree (the seal said to be another organisation's)
    expect(directory.grants.maySeal(people.clerk01!, 'seal-1', ningbo.id)).toBe(false);
    expect(codeOf(() => directory.grants.assertMaySeal(people.clerk01!, 'seal-2', centre.id))).toBe('FORBIDDEN');
  });

  it('an administrator needs a grant to stamp; an auditor never stamps', () => {
    const admin = people.admin01!;
    expect(directory.grants.maySeal(admin, 'seal-1', centre.id)).toBe(false);
    directory.grants.grant('seal-1', centre.id, admin.operatorId, admin.operatorId);
    expect(directory.grants.maySeal(admin, 'seal-1', centre.id)).toBe(true);
    expect(codeOf(() => directory.grants.grant('seal-1', centre.id, people.audit01!.operatorId, admin.operatorId))).toBe('INPUT_INVALID');
    expect(directory.grants.maySeal(people.audit01!, 'seal-1', centre.id)).toBe(false);
  });

  it('refuses a grant of a seal outside the operator’s subtree, and withdraws grants', () => {
    const admin = people.admin01!;
    expect(codeOf(() => directory.grants.grant('seal-nb', ningbo.id, people.clerk01!.operatorId, admin.operatorId))).toBe('INPUT_INVALID');
    expect(codeOf(() => directory.grants.grant('seal-1', centre.id, 'op-missing', admin.operatorId))).toBe('OPERATOR_NOT_FOUND');
    const first = directory.grants.grant('seal-1', centre.id, people.clerk01!.operatorId, admin.operatorId, new Date(0));
    expect(directory.grants.grant('seal-1', centre.id, people.clerk01!.operatorId, admin.operatorId)).toEqual(first);
    expect(directory.grants.ofSeal('seal-1').map((g) => g.operatorId)).toEqual([people.clerk01!.operatorId]);
    expect(directory.grants.ofOperator(people.clerk01!.operatorId).map((g) => g.sealId)).toEqual(['seal-1']);
    expect(directory.grants.revoke('seal-1', people.clerk01!.operatorId)).toBe(true);
    expect(directory.grants.revoke('seal-1', people.clerk01!.operatorId)).toBe(false);
    expect(directory.grants.maySeal(people.clerk01!, 'seal-1', centre.id)).toBe(false);
  });
});
