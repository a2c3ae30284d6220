import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ErrorBody } from '../../../firmware-bridge/errors/sealdesk-error.js';
import { writeJsonAtomic } from '../documents/atomic-json.js';
import type { StampJob, StampJobResult } from './stamp-job.js';

export const STAMP_ID_PATTERN = '^stamp-[0-9a-f]{32}$';

/** The job id of an idempotency key: the same operator and key always name the same job. */
export function jobIdOf(operatorId: string, idempotencyKey: string | undefined): string {
  if (!idempotencyKey) return `stamp-${randomBytes(16).toString('hex')}`;
  return `stamp-${createHash('sha256').update(`${operatorId}\0${idempotencyKey}`).digest('hex').slice(0, 32)}`;
}

/**
 * Stamp jobs, one JSON file each under workDir/stamps/jobs (written whole: temp file, fsync,
 * rename), the stamped documents beside them in workDir/stamps/out (each under its format's extension). One service process owns the
 * folder, so the files are read once at start and then kept in memory as they are written;
 * what runs now is kept beside them, so a second request for a running job joins it.
 */
export class JobStore {
  readonly #jobsDir: string;
  readonly #outDir: string;
  readonly #jobs = new Map<string, StampJob>();
  readonly #running = new Map<string, Promise<StampJob>>();

  constructor(workDir: string) {
    this.#jobsDir = join(workDir, 'stamps', 'jobs');
    this.#outDir = join(workDir, 'stamps', 'out');
    mkdirSync(this.#jobsDir, { recursive: true, mode: 0o700 });
    mkdirSync(this.#outDir, { recursive: true, mode: 0o700 });
    for (const name of readdirSync(this.#jobsDir)) {
      if (!/^stamp-[0-9a-f]{32}\.json$/.test(name)) continue; // temp files of an interrupted write
      try {
        const job = JSON.parse(readFileSync(join(this.#jobsDir, name), 'utf8')) as StampJob;
        this.#jobs.set(job.id, job);
      } catch {
        // a file we cannot read is no job; the stamp it named has its event in the outbox
      }
    }
  }

  /**
   * The job's stamped document: `${id}.pdf`, or `${id}.ofd` for an OFD. With its format's extension
   * (the stamp writing it), that name; without, the one on disk (.ofd if there, else .pdf).
   */
  outputPath(id: string, extension?: string): string {
    if (extension) return join(this.#outDir, `${id}${extension}`);
    const ofd = join(this.#outDir, `${id}.ofd`);
    return existsSync(ofd) ? ofd : join(this.#outDir, `${id}.pdf`);
  }

  /** Whatever output of the job is on disk, in any format: a failed or interrupted attempt leaves none. */
  async removeOutput(id: string): Promise<void> {
    await Promise.all(['.pdf', '.ofd'].map((extension) => rm(this.outputPath(id, extension), { force: true })));
  }

  get(id: string): StampJob | undefined {
    return this.#jobs.get(id);
  }

  all(): StampJob[] {
    return [...this.#jobs.values()];
  }

  running(id: string): Promise<StampJob> | undefined {
    return this.#running.get(id);
  }

  /**
   * Registers the work of a job synchronously (a second request for the same id, arriving while
   * this one awaits, joins it instead of starting another), then runs it to the end whatever
   * happens to the request that asked.
   */
  run(id: string, work: () => Promise<StampJob>): Promise<StampJob> {
    const promise = work().finally(() => this.#running.delete(id));
    this.#running.set(id, promise);
    // the caller may be gone; an unobserved failure must not become an unhandled rejection
    promise.catch(() => undefined);
    return promise;
  }

  async save(job: StampJob): Promise<StampJob> {
    await writeJsonAtomic(join(this.#jobsDir, `${job.id}.json`), job);
    this.#jobs.set(job.id, job);
    return job;
  }

  finish(job: StampJob, result: StampJobResult): Promise<StampJob> {
    return this.save({ ...job, status: 'done', result, error: null, updatedAt: new Date().toISOString() });
  }

  fail(job: StampJob, error: ErrorBody): Promise<StampJob> {
    return this.save({ ...job, status: 'failed', error, updatedAt: new Date().toISOString() });
  }
}
