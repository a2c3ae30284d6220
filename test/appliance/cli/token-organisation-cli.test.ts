import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../../appliance/audit/audit-log.js';
import { Directory } from '../../../appliance/directory/directory.js';
import { runCli } from '../../helpers/cli.js';

// `sealdesk token init --organisation`: the token is bound to its organisation as the admin page's claim does.
const SO_PIN = '5271903846';
let home: string;
let env: NodeJS.ProcessEnv;
let district: { id: string; uscc: string };
let department: { id: string };

const cli = (args: string[]) => runCli(args, { ...env, SEALDESK_SO_PIN: SO_PIN });
const initialisedLabels = async (): Promise<string[]> => {
  const listed = await cli(['token', 'list', '--json']);
  return (JSON.parse(listed.stdout) as Array<{ token?: { label: string; flags: { initialized: boolean } } }>).filter((s) => s.token?.flags.initialized).map((s) => s.token!.label);
};

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'sealdesk-token-org-'));
  env = { SEALDESK_HOME: home, SOFTHSM2_CONF: '', SEALDESK_PKCS11_MODULE: '', SEALDESK_OPERATOR: 'hall-admin' };
  const directory = Directory.open(home);
  try {
    const made = directory.organisations.create({ name: '杭州市西湖区人民政府', level: 'district', uscc: '11330106002489100K' });
    district = { id: made.id, uscc: made.uscc! };
    department = directory.organisations.create({ name: '杭州市西湖区行政审批服务管理局', level: 'department', uscc: '11330106002489166C', parentId: made.id });
  } finally {
    directory.close();
  }
});
afterAll(async () => rm(home, { recursive: true, force: true }));

describe('sealdesk token init --organisation', () => {
  it('an unknown organisation is ORGANISATION_NOT_FOUND (exit 1) and the token is not touched', async () => {
    const refused = await cli(['token', 'init', '--free', '--label', 'nobody', '--organisation', '91330106MA0000000X', '--json']);
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stdout).error).toMatchObject({ code: 'ORGANISATION_NOT_FOUND' });
    expect(await initialisedLabels()).toEqual([]);
  }, 240_000);

  it('by USCC: the token is initialised and bound to the organisation, audited as token.claim by the OS user', async () => {
    const done = await cli(['token', 'init', '--free', '--label', '审批局柜台', '--organisation', district.uscc, '--json']);
    expect(done.code, done.stderr).toBe(0);
    const info = JSON.parse(done.stdout) as { serial: string; label: string; organisation: { id: string } };
    expect(info).toMatchObject({ label: '审批局柜台', organisation: { id: district.id, name: '杭州市西湖区人民政府' } });
    const directory = Directory.open(home);
    try {
      expect(directory.tokens.get(info.serial)).toMatchObject({ organisationId: district.id, boundBy: 'cli:hall-admin' });
    } finally {
      directory.close();
    }
    const audit = AuditLog.open(home);
    try {
      expect(audit.list({ action: 'token.claim' })).toEqual([expect.objectContaining({ organisationId: district.id, target: info.serial, outcome: 'ok', actor: expect.objectContaining({ id: 'cli:hall-admin' }) })]);
    } finally {
      audit.close();
    }
  }, 240_000);

  it('by id, in text output: says which organisation it is bound to', async () => {
    const done = await cli(['token', 'init', '--free', '--label', '审批局自助机', '--organisation', department.id]);
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toContain(`bound to 杭州市西湖区行政审批服务管理局 (${department.id})`);
  }, 240_000);
});
