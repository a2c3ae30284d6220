import Database from 'better-sqlite3';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditPath } from '../../../appliance/audit/audit-db.js';
import { entryHash, GENESIS_HASH } from '../../../appliance/audit/audit-entry.js';
import { AuditLog } from '../../../appliance/audit/audit-log.js';
import { auditReportText } from '../../../appliance/audit/audit-report.js';
import { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import { filledLog, insertForged, sampleEntry, shiftUp, tamper } from './helpers.js';

// The chain alone, no token: what the hash chain shows of each kind of tampering in SQLite.
let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'sealdesk-audit-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const verifyHome = (home: string, headFile?: string) => {
  const log = AuditLog.open(home, headFile ? { headFile } : {});
  try {
    return log.verify();
  } finally {
    log.close();
  }
};

describe('audit log', () => {
  it('appends 500 entries durably, each chained to the one before, and verifies them', async () => {
    const { home, log } = await filledLog(root, 500);
    expect(log.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(log.db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    const [first, second] = log.list({ limit: 2 });
    expect(first).toMatchObject({ seq: 1, prev: GENESIS_HASH, action: 'session.sign-in', outcome: 'ok' });
    expect(second!.prev).toBe(first!.hash);
    expect(entryHash(first!)).toBe(first!.hash);
    expect(log.head()).toEqual({ seq: 500, hash: log.entry(500)!.hash });
    log.close();
    const result = verifyHome(home);
    expect(result).toMatchObject({ ok: true, entries: 500, head: { seq: 500 }, checkpoints: [], witnessedUpTo: 0, unwitnessed: 500 });
    expect(result.firstBad).toBeUndefined();
    // the limit is said, in both languages
    expect(auditReportText(result, 'en')).toMatch(/500 entries from #1 on are not yet covered/);
    expect(auditReportText(result, 'zh')).toMatch(/从第 1 条起的 500 条尚未被检查点/);
  });

  it('lists by page, action and organisation subtree, newest first on request', async () => {
    const { log } = await filledLog(root, 60);
    try {
      expect(log.list({ from: 11, limit: 5 }).map((e) => e.seq)).toEqual([11, 12, 13, 14, 15]);
      expect(log.list({ from: 11, limit: 3, descending: true }).map((e) => e.seq)).toEqual([11, 10, 9]);
      expect(log.list({ action: 'stamp' }).every((e) => e.action === 'stamp')).toBe(true);
      // the entries written as seal.create / seal.revoke (sampleEntry cycles through the action list: seq = i + 1)
      const sealChanges = Array.from({ length: 60 }, (_, i) => i).filter((i) => ['seal.create', 'seal.revoke'].includes(sampleEntry(i).action)).map((i) => i + 1);
      expect(sealChanges.length).toBeGreaterThanOrEqual(2);
      expect(log.list({ action: ['seal.create', 'seal.revoke'] }).map((e) => e.seq)).toEqual(sealChanges);
      const inOrgs = log.list({ organisationIds: ['org-1', 'org-2'], limit: 1000 });
      expect(inOrgs).toHaveLength(40);
      expect(inOrgs.every((e) => e.organisationId !== 'org-0')).toBe(true);
      expect(log.list({ organisationIds: [] })).toEqual([]);
      expect(log.list({ limit: 5000 })).toHaveLength(60);
    } finally {
      log.close();
    }
  });

  it('keeps one chain when two processes (two connections) append in turn', async () => {
    const { home, log } = await filledLog(root, 3);
    const other = AuditLog.open(home);
    for (let i = 0; i < 20; i++) (i % 2 ? log : other).append(sampleEntry(i));
    log.close();
    other.close();
    expect(verifyHome(home)).toMatchObject({ ok: true, entries: 23 });
  });

  it('refuses to change or delete entries through SQL while its triggers are in place', async () => {
    const { home, log } = await filledLog(root, 3);
    log.close();
    const db = new Database(auditPath(home));
    expect(() => db.prepare("UPDATE entries SET outcome = 'denied' WHERE seq = 2").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM entries WHERE seq = 3').run()).toThrow(/append-only/);
    db.close();
  });
});

describe('sensitive details are refused before anything is written', () => {
  const base = sampleEntry(1);
  const refused = (input: Parameters<AuditLog['append']>[0]) => {
    try {
      logForRefusals.append(input);
    } catch (error) {
      return error instanceof SealdeskError ? `${error.code} ${String(error.details.field ?? error.details.reason)}` : String(error);
    }
    return 'accepted';
  };
  let logForRefusals: AuditLog;
  beforeAll(async () => {
    ({ log: logForRefusals } = await filledLog(root, 0));
  });
  afterAll(() => logForRefusals.close());

  it.each([
    [{ pin: '246810' }, 'details.pin'],
    [{ userPin: '246810' }, 'details.userPin'],
    [{ so_pin: '87654321' }, 'details.so_pin'],
    [{ password: 'x' }, 'details.password'],
    [{ newPassword: 'x' }, 'details.newPassword'],
    [{ idNumber: '3301' }, 'details.idNumber'],
    [{ id_number: '3301' }, 'details.id_number'],
    [{ citizenIdCard: 'x' }, 'details.citizenIdCard'],
    [{ name: '张三' }, 'details.name'],
    [{ holderName: '张三' }, 'details.holderName'],
    [{ displayName: '张三' }, 'details.displayName'],
    [{ homeAddress: '杭州市' }, 'details.homeAddress'],
    [{ phone: '13800000000' }, 'details.phone'],
    [{ note: '330106199001011234' }, 'details.note'],
    [{ memo: 'ID 11010519491231002x here' }, 'details.memo'],
    [{ code: 'ref 11010519491231002X' }, 'details.code'],
    [{ count: 330106199001011 }, 'details.count'],
  ])('%j → AUDIT_DETAIL_SENSITIVE', (details, field) => {
    expect(refused({ ...base, details })).toBe(`AUDIT_DETAIL_SENSITIVE ${field}`);
  });

  it('checks the target and the actor too, and never echoes the value', () => {
    expect(refused({ ...base, target: '330106199001011234' })).toBe('AUDIT_DETAIL_SENSITIVE target');
    expect(refused({ ...base, actor: { id: '330106199001011234' } })).toBe('AUDIT_DETAIL_SENSITIVE actor.id');
    try {
      logForRefusals.append({ ...base, details: { memo: '330106199001011234' } });
    } catch (error) {
      expect(JSON.stringify((error as SealdeskError).toJSON())).not.toContain('330106199001011234');
    }
  });

  it('accepts codes, counts and hashes: tries left, a document hash, an IP address', () => {
    const hash = '1234567890123456789abcdef'.padEnd(64, '0');
    expect(refused({ ...base, details: { pinTriesLeft: 2, passwordLength: 12, documentHash: hash, subjectHash: 'ab'.repeat(32), ipAddress: '127.0.0.1', templateId: 'residence', pages: 3, reprint: false } })).toBe('accepted');
  });

  it('refuses unknown actions, nested details and long strings as INPUT_INVALID', () => {
    expect(refused({ ...base, action: 'seal.delete' as never })).toMatch(/^INPUT_INVALID unknown audit action/);
    expect(refused({ ...base, details: { nested: { a: 1 } as never } })).toMatch(/^INPUT_INVALID/);
    expect(refused({ ...base, details: { long: 'x'.repeat(201) } })).toMatch(/^INPUT_INVALID/);
    expect(refused({ ...base, actor: { id: '' } })).toMatch(/^INPUT_INVALID/);
    expect(logForRefusals.count()).toBe(1);
  });
});

describe('tampering in SQLite, found by the chain alone', () => {
  it("an entry's details edited → 'edited' at that seq", async () => {
    const { home, log } = await filledLog(root, 100);
    log.close();
    tamper(home, (db) => db.prepare('UPDATE entries SET details = ? WHERE seq = 37').run('{"pages":0,"triesLeft":9}'));
    expect(verifyHome(home)).toMatchObject({ ok: false, firstBad: { seq: 37, problem: 'edited', detectedBy: 'chain' } });
  });

  it("an outcome edited and the entry's own hash recomputed → 'edited' at that seq (the next entry's prev gives it away)", async () => {
    const { home, log } = await filledLog(root, 50);
    log.close();
    tamper(home, (db) => {
      // seq 17 is a failed PIN (sampleEntry(16)); the intruder makes it look like a success
      db.prepare("UPDATE entries SET outcome = 'ok', error_code = NULL WHERE seq = 17 AND outcome = 'failed'").run();
      const row = new AuditLog(db).entry(17)!;
      db.prepare('UPDATE entries SET hash = ? WHERE seq = 17').run(entryHash(row));
    });
    expect(verifyHome(home).firstBad).toEqual({ seq: 17, problem: 'edited', detectedBy: 'chain' });
  });

  it("a middle row deleted → 'removed' at its seq", async () => {
    const { home, log } = await filledLog(root, 100);
    log.close();
    tamper(home, (db) => db.prepare('DELETE FROM entries WHERE seq = 50').run());
    expect(verifyHome(home)).toMatchObject({ ok: false, entries: 99, firstBad: { seq: 50, problem: 'removed' } });
  });

  it("a middle row deleted and the rows after renumbered → 'removed' at its seq", async () => {
    const { home, log } = await filledLog(root, 60);
    log.close();
    tamper(home, (db) => {
      db.prepare('DELETE FROM entries WHERE seq = 30').run();
      db.prepare('UPDATE entries SET seq = -(seq - 1) WHERE seq > 30').run();
      db.prepare('UPDATE entries SET seq = -seq WHERE seq < 0').run();
    });
    expect(verifyHome(home).firstBad).toEqual({ seq: 30, problem: 'removed', detectedBy: 'chain' });
  });

  it("a forged row inserted in the middle (rows after renumbered, hashes left) → 'inserted' at its seq", async () => {
    const { home, log } = await filledLog(root, 80);
    log.close();
    tamper(home, (db) => {
      shiftUp(db, 20);
      insertForged(db, 20);
    });
    expect(verifyHome(home)).toMatchObject({ ok: false, entries: 81, firstBad: { seq: 20, problem: 'inserted', detectedBy: 'chain' } });
  });

  it("a row inserted before the first (seq 0) → 'inserted'", async () => {
    const { home, log } = await filledLog(root, 5);
    log.close();
    tamper(home, (db) => db.prepare("INSERT INTO entries SELECT 0, time, action, actor_id, actor_username, actor_role, organisation_id, target, outcome, error_code, details, prev, hash FROM entries WHERE seq = 1").run());
    expect(verifyHome(home).firstBad).toMatchObject({ seq: 0, problem: 'inserted' });
  });

  it("two entries swapped → 'reordered'", async () => {
    const { home, log } = await filledLog(root, 40);
    log.close();
    tamper(home, (db) => {
      db.prepare('UPDATE entries SET seq = -1 WHERE seq = 30').run();
      db.prepare('UPDATE entries SET seq = 30 WHERE seq = 31').run();
      db.prepare('UPDATE entries SET seq = 31 WHERE seq = -1').run();
    });
    expect(verifyHome(home).firstBad).toEqual({ seq: 30, problem: 'reordered', detectedBy: 'chain' });
  });

  it('entries cut off the end pass the chain (the limit, said in the result) — unless the head file saw them', async () => {
    const headFile = join(root, 'witness', 'audit.head');
    const { home, log } = await filledLog(root, 30, { headFile });
    log.close();
    expect(JSON.parse(await readFile(headFile, 'utf8'))).toMatchObject({ seq: 30 });
    expect(verifyHome(home, headFile)).toMatchObject({ ok: true, headFile: { configured: true, seq: 30, status: 'ok' }, witnessedUpTo: 30, unwitnessed: 0 });
    tamper(home, (db) => db.prepare('DELETE FROM entries WHERE seq > 25').run());
    // without an outside witness the shorter chain is a valid chain
    expect(verifyHome(home)).toMatchObject({ ok: true, entries: 25, unwitnessed: 25 });
    expect(verifyHome(home, headFile)).toMatchObject({ ok: false, firstBad: { seq: 26, problem: 'removed', detectedBy: 'head-file', witnessSeq: 30 } });
  });
});
