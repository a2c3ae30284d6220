import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_USCC, seedDemoDirectory } from '../../../appliance/directory/seed-demo.js';
import { tempDirectory, type TempDirectory } from './temp-directory.js';

let temp: TempDirectory;
beforeEach(() => (temp = tempDirectory()));
afterEach(() => temp.remove());

describe('demo directory', () => {
  it('builds the demo tree and sign-ins that work', async () => {
    const demo = await seedDemoDirectory(temp.directory);
    const { organisations: o } = demo;
    expect([o.zhejiang.level, o.hangzhou.level, o.xihu.level, o.serviceCentre.level, o.ningbo.level]).toEqual(['province', 'city', 'district', 'department', 'city']);
    expect(temp.directory.organisations.within(o.xihu.id, o.marketRegulation.id)).toBe(true);
    expect(temp.directory.organisations.within(o.xihu.id, o.ningbo.id)).toBe(false);
    expect(temp.directory.organisations.organisationOfUscc(DEMO_USCC.serviceCentre)?.name).toBe('西湖区行政服务中心');
    expect(demo.signIns.map((s) => s.role)).toEqual(['admin', 'clerk', 'kiosk', 'auditor']);
    for (const s of demo.signIns) {
      const credentials = s.credential ? { terminal: s.username, credential: s.credential } : { username: s.username, password: s.password! };
      const session = await temp.directory.signIn(credentials, '127.0.0.1');
      expect(session.principal).toMatchObject({ role: s.role, organisationId: o.xihu.id });
    }
    expect(statSync(join(temp.home, 'directory', 'demo-sign-ins.json')).mode & 0o077).toBe(0);
  });

  it('is idempotent: a second start keeps the tree, the accounts, their changes and the printed sign-ins', async () => {
    const first = await seedDemoDirectory(temp.directory);
    temp.directory.organisations.rename(first.organisations.ningbo.id, { name: '宁波市', nameEn: 'Ningbo City' });
    const second = await seedDemoDirectory(temp.reopen());
    expect(second.signIns).toEqual(first.signIns);
    expect(second.organisations.xihu.id).toBe(first.organisations.xihu.id);
    expect(second.organisations.ningbo.nameEn).toBe('Ningbo City');
    expect(temp.directory.organisations.list()).toHaveLength(6);
    expect(temp.directory.operators.list()).toHaveLength(4);
  });
});
