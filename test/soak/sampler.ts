import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import Database from 'better-sqlite3';

/** One reading of the hall, taken every N sessions. */
export interface Sample {
  sessions: number;
  elapsedS: number;
  hallRssMb: number;
  hallFds: number;
  deviceRssMb: number;
  deviceFds: number;
  /** Sum of every SQLite file under the home, and of their WALs. */
  dbMb: number;
  walMb: number;
  /** The largest single WAL, by database (relative path). */
  walByDb: Record<string, number>;
  /** Entries directly in the hall's TMPDIR (each simulator keeps one dir there while it runs). */
  tmpEntries: number;
  /** Half-written files (*.tmp, *.part) under the home. */
  homeTempFiles: number;
  auditRows: number;
  outboxEvents: number;
  outboxPending: number;
  /** Mean time of the fault-free kiosk sessions and counter stamps since the sample before (filled in by the soak). */
  kioskMs?: number;
  counterMs?: number;
}

const MB = 1024 * 1024;

function rssMb(pid: number): number {
  try {
    const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : NaN;
  } catch {
    return NaN; // the process is gone: the sample says so
  }
}

function fdCount(pid: number): number {
  try {
    return readdirSync(`/proc/${pid}/fd`).length;
  } catch {
    return NaN;
  }
}

function walk(dir: string, visit: (path: string) => void): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    // the simulators' own output (receipts on "paper", SoftHSM's token files) is not the service's
    if (entry.isDirectory()) {
      if (entry.name !== 'receipts' && entry.name !== 'softhsm') walk(path, visit);
    } else visit(path);
  }
}

/** The entries in the hall's TMPDIR, but tsx's compile cache (a hall run from the sources, not the build, keeps one). */
export const tmpEntries = (tmp: string) => readdirSync(tmp).filter((name) => !name.startsWith('tsx-')).length;

const size = (path: string) => statSync(path, { throwIfNoEntry: false })?.size ?? 0;

/** A read-only count from a database the hall holds open (WAL mode lets a reader in beside it). */
function count(path: string, sql: string): number {
  if (!existsSync(path)) return NaN;
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    return (db.prepare(sql).get() as { n: number }).n;
  } catch {
    return NaN;
  } finally {
    db.close();
  }
}

export function takeSample(input: { sessions: number; startedAt: number; hallPid: number; devicePid: number; home: string; tmp: string }): Sample {
  const { home } = input;
  let dbBytes = 0;
  let walBytes = 0;
  let homeTempFiles = 0;
  const walByDb: Record<string, number> = {};
  walk(home, (path) => {
    if (/\.(db|sqlite)$/.test(path)) {
      dbBytes += size(path);
      const wal = size(`${path}-wal`);
      walBytes += wal;
      walByDb[relative(home, path)] = wal / MB;
    }
    if (/\.(tmp|part)$|\.tmp-\d+$/.test(path)) homeTempFiles++;
  });
  const outbox = join(home, 'ledger', 'outbox.sqlite');
  return {
    sessions: input.sessions,
    elapsedS: Math.round((Date.now() - input.startedAt) / 1000),
    hallRssMb: rssMb(input.hallPid),
    hallFds: fdCount(input.hallPid),
    deviceRssMb: rssMb(input.devicePid),
    deviceFds: fdCount(input.devicePid),
    dbMb: dbBytes / MB,
    walMb: walBytes / MB,
    walByDb,
    tmpEntries: tmpEntries(input.tmp),
    homeTempFiles,
    auditRows: count(join(home, 'audit.db'), 'SELECT count(*) AS n FROM entries'),
    outboxEvents: count(outbox, 'SELECT count(*) AS n FROM events'),
    outboxPending: count(outbox, "SELECT count(*) AS n FROM events WHERE batch_id IS NULL"),
  };
}
