import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Directory } from '../../../appliance/directory/directory.js';
import type { Operator } from '../../../appliance/directory/operator.js';
import { sessionReference } from '../../../appliance/directory/sessions.js';
import { codeOf, tempDirectory, type TempDirectory } from './temp-directory.js';

const MINUTE = 60_000;
let temp: TempDirectory;
let directory: Directory;
let clerk: Operator;

beforeEach(async () => {
  temp = tempDirectory({ sessions: { idleMs: 30 * MINUTE, maxMs: 8 * 60 * MINUTE } });
  directory = temp.directory;
  const xihu = directory.organisations.create({ name: '西湖区', level: 'district' });
  clerk = (await directory.operators.create({ username: 'clerk01', displayName: '窗口一号', role: 'clerk', organisationId: xihu.id, password: 'counter window 3' })).operator;
});
afterEach(() => temp.remove());

describe('sessions', () => {
  it('gives an opaque id and stores only its SHA-256', () => {
    const { sessionId, principal, expiresAt } = directory.sessions.open(clerk, 0);
    expect(sessionId).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(expiresAt.getTime()).toBe(8 * 60 * MINUTE);
    expect(principal).toEqual({
      operatorId: clerk.id, username: 'clerk01', displayName: '窗口一号', role: 'clerk', organisationId: clerk.organisationId, sessionId: sessionReference(sessionId),
    });
    const rows = directory.db.prepare('SELECT id_hash FROM sessions').all() as Array<{ id_hash: string }>;
    expect(rows).toEqual([{ id_hash: sessionReference(sessionId) }]);
    expect(JSON.stringify(rows)).not.toContain(sessionId);
    expect(directory.sessions.principalOf(sessionId, MINUTE)).toEqual(principal);
  });

  it('ends after the idle timeout, and is kept alive by use', () => {
    const { sessionId } = directory.sessions.open(clerk, 0);
    for (let t = 20 * MINUTE; t <= 200 * MINUTE; t += 20 * MINUTE) expect(directory.sessions.principalOf(sessionId, t).role).toBe('clerk');
    expect(codeOf(() => directory.sessions.principalOf(sessionId, 231 * MINUTE))).toBe('SESSION_EXPIRED');
    // ended: asking again is an unknown session
    expect(codeOf(() => directory.sessions.principalOf(sessionId, 231 * MINUTE))).toBe('UNAUTHENTICATED');
  });

  it('ends at the absolute lifetime however busy', () => {
    const { sessionId } = directory.sessions.open(clerk, 0);
    for (let t = 10 * MINUTE; t < 480 * MINUTE; t += 10 * MINUTE) directory.sessions.principalOf(sessionId, t);
    expect(codeOf(() => directory.sessions.principalOf(sessionId, 480 * MINUTE))).toBe('SESSION_EXPIRED');
  });

  it('signs out, and knows nothing of made-up ids', () => {
    const { sessionId, principal } = directory.sessions.open(clerk);
    const other = directory.sessions.open(clerk);
    directory.sessions.end(principal.sessionId);
    expect(codeOf(() => directory.sessions.principalOf(sessionId))).toBe('UNAUTHENTICATED');
    expect(directory.sessions.principalOf(other.sessionId).operatorId).toBe(clerk.id);
    expect(codeOf(() => directory.sessions.principalOf('made-up'))).toBe('UNAUTHENTICATED');
  });

  it('reads the role on every request, so a role change applies at once', () => {
    const { sessionId } = directory.sessions.open(clerk);
    directory.operators.changeRole(clerk.id, 'auditor');
    expect(directory.sessions.principalOf(sessionId).role).toBe('auditor');
  });

  it('sweeps expired sessions', () => {
    directory.sessions.open(clerk, 0);
    directory.sessions.open(clerk, 20 * MINUTE);
    expect(directory.sessions.sweep(40 * MINUTE)).toBe(1);
  });
});
