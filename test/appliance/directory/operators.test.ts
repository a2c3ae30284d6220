import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Directory } from '../../../appliance/directory/directory.js';
import type { Organisation } from '../../../appliance/directory/organisation.js';
import { asyncCodeOf, codeOf, tempDirectory, type TempDirectory } from './temp-directory.js';

let temp: TempDirectory;
let directory: Directory;
let xihu: Organisation;
let centre: Organisation;
let ningbo: Organisation;

beforeEach(() => {
  temp = tempDirectory();
  directory = temp.directory;
  const zhejiang = directory.organisations.create({ name: '浙江省', level: 'province' });
  xihu = directory.organisations.create({ name: '西湖区', level: 'district', parentId: zhejiang.id });
  centre = directory.organisations.create({ name: '西湖区行政服务中心', level: 'department', parentId: xihu.id });
  ningbo = directory.organisations.create({ name: '宁波市', level: 'city', parentId: zhejiang.id });
});
afterEach(() => temp.remove());

const PASSWORD = 'counter window 3';

describe('operators', () => {
  it('creates a person with a password hash, never the password', async () => {
    const { operator, terminalCredential } = await directory.operators.create({
      username: 'clerk01', displayName: '窗口一号', role: 'clerk', organisationId: centre.id, password: PASSWORD,
    });
    expect(terminalCredential).toBeUndefined();
    expect(operator).toMatchObject({ username: 'clerk01', displayName: '窗口一号', role: 'clerk', organisationId: centre.id, disabled: false });
    expect(operator.id).toMatch(/^op-[0-9a-f]{10}$/);
    const stored = directory.db.prepare('SELECT secret_hash FROM operators WHERE id = ?').get(operator.id) as { secret_hash: string };
    expect(stored.secret_hash).toMatch(/^scrypt\$/);
    expect(stored.secret_hash).not.toContain(PASSWORD);
    expect((await directory.operators.checkPassword('CLERK01', PASSWORD))?.id).toBe(operator.id);
    expect(await directory.operators.checkPassword('clerk01', 'counter window 4')).toBeUndefined();
  });

  it('issues a kiosk its terminal credential once and refuses it a password', async () => {
    const { operator, terminalCredential } = await directory.operators.create({
      username: 'kiosk-01', displayName: '自助终端 01', role: 'kiosk', organisationId: centre.id,
    });
    expect(terminalCredential).toMatch(/^sdk_/);
    expect(directory.operators.checkTerminalCredential('kiosk-01', terminalCredential!)?.id).toBe(operator.id);
    expect(await directory.operators.checkPassword('kiosk-01', terminalCredential!)).toBeUndefined();
    expect(
      await asyncCodeOf(() => directory.operators.create({ username: 'kiosk-02', displayName: 'k', role: 'kiosk', organisationId: centre.id, password: PASSWORD })),
    ).toBe('INPUT_INVALID');
    const next = directory.operators.reissueTerminalCredential(operator.id);
    expect(directory.operators.checkTerminalCredential('kiosk-01', terminalCredential!)).toBeUndefined();
    expect(directory.operators.checkTerminalCredential('kiosk-01', next)?.id).toBe(operator.id);
  });

  it('refuses a taken username (case-insensitive), a bad username, a weak password, an unknown organisation', async () => {
    await directory.operators.create({ username: 'admin01', displayName: '管理员', role: 'admin', organisationId: xihu.id, password: PASSWORD });
    const base = { displayName: 'x', role: 'clerk' as const, organisationId: xihu.id, password: PASSWORD };
    expect(await asyncCodeOf(() => directory.operators.create({ ...base, username: 'ADMIN01' }))).toBe('OPERATOR_EXISTS');
    expect(await asyncCodeOf(() => directory.operators.create({ ...base, username: 'a b' }))).toBe('INPUT_INVALID');
    expect(await asyncCodeOf(() => directory.operators.create({ ...base, username: 'clerk09', password: 'short' }))).toBe('PASSWORD_POLICY');
    expect(await asyncCodeOf(() => directory.operators.create({ ...base, username: 'clerk09', password: undefined }))).toBe('INPUT_INVALID');
    expect(await asyncCodeOf(() => directory.operators.create({ ...base, username: 'clerk09', organisationId: 'org-x' }))).toBe('ORGANISATION_NOT_FOUND');
    expect(await asyncCodeOf(() => directory.operators.create({ ...base, username: 'clerk09', role: 'root' as never }))).toBe('INPUT_INVALID');
  });

  it('lists the operators of a subtree', async () => {
    await directory.operators.create({ username: 'admin01', displayName: 'a', role: 'admin', organisationId: xihu.id, password: PASSWORD });
    await directory.operators.create({ username: 'clerk01', displayName: 'c', role: 'clerk', organisationId: centre.id, password: PASSWORD });
    await directory.operators.create({ username: 'nb-clerk', displayName: 'n', role: 'clerk', organisationId: ningbo.id, password: PASSWORD });
    expect(directory.operators.list(xihu.id).map((o) => o.username)).toEqual(['admin01', 'clerk01']);
    expect(directory.operators.list(centre.id).map((o) => o.username)).toEqual(['clerk01']);
    expect(directory.operators.list().map((o) => o.username)).toEqual(['admin01', 'clerk01', 'nb-clerk']);
  });

  it('changes roles between people, never to or from kiosk', async () => {
    const { operator } = await directory.operators.create({ username: 'clerk01', displayName: 'c', role: 'clerk', organisationId: centre.id, password: PASSWORD });
    expect(directory.operators.changeRole(operator.id, 'auditor').role).toBe('auditor');
    expect(codeOf(() => directory.operators.changeRole(operator.id, 'kiosk'))).toBe('INPUT_INVALID');
    expect(codeOf(() => directory.operators.changeRole('op-missing', 'admin'))).toBe('OPERATOR_NOT_FOUND');
  });

  it('a disabled operator cannot sign in and loses its sessions; a reset password ends sessions too', async () => {
    const { operator } = await directory.operators.create({ username: 'clerk01', displayName: 'c', role: 'clerk', organisationId: centre.id, password: PASSWORD });
    const session = directory.sessions.open(operator);
    directory.operators.setDisabled(operator.id, true);
    expect(await directory.operators.checkPassword('clerk01', PASSWORD)).toBeUndefined();
    expect(codeOf(() => directory.sessions.principalOf(session.sessionId))).toBe('UNAUTHENTICATED');
    expect(directory.operators.setDisabled(operator.id, false).disabled).toBe(false);
    const second = directory.sessions.open(operator);
    await directory.operators.resetPassword(operator.id, 'a brand new passphrase');
    expect(codeOf(() => directory.sessions.principalOf(second.sessionId))).toBe('UNAUTHENTICATED');
    expect(await directory.operators.checkPassword('clerk01', PASSWORD)).toBeUndefined();
    expect((await directory.operators.checkPassword('clerk01', 'a brand new passphrase'))?.id).toBe(operator.id);
    expect(await asyncCodeOf(() => directory.operators.resetPassword(operator.id, 'tiny'))).toBe('PASSWORD_POLICY');
  });
});
