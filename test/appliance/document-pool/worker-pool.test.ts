import { afterAll, describe, expect, it } from 'vitest';
import { isSealdeskError, type SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import { WorkerPool } from '../../../appliance/document-pool/worker-pool.js';

const HOSTILE = new URL('../../helpers/hostile-behaviours.ts', import.meta.url);

/** Runs the job and gives back the typed error it failed with. */
async function failure(promise: Promise<unknown>): Promise<SealdeskError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isSealdeskError(error)) throw new Error(`expected a typed error, got ${String(error)}`);
  return error;
}

const pools: WorkerPool[] = [];
function pool(options: Partial<ConstructorParameters<typeof WorkerPool>[0]> = {}): WorkerPool {
  const made = new WorkerPool({ jobs: HOSTILE, size: 1, queueLimit: 4, timeLimitMs: 20_000, memoryLimitMb: 64, ...options });
  pools.push(made);
  return made;
}
afterAll(() => Promise.all(pools.map((p) => p.close())));

// each ended thread is replaced by one that loads the verification graph again: seconds each, a minute on a crowded machine
describe('WorkerPool: each job in a worker thread, within its limits', { timeout: 240_000 }, () => {
  it('answers a job from the thread; a typed error crosses back typed', async () => {
    const p = pool();
    expect(await p.run('echo', { a: [1, '二'] })).toEqual({ a: [1, '二'] });
    const typed = await failure(p.run('typed', {}));
    expect([typed.code, typed.details.reason]).toEqual(['PDF_MALFORMED', 'made to fail']);
  });

  it('a job past the wall time is ended: DOCUMENT_TOO_COMPLEX naming the limit, and a new thread takes the next job', async () => {
    const p = pool({ timeLimitMs: 1500 });
    expect(await p.run('echo', 1)).toBe(1);
    const error = await failure(p.run('spin', {}));
    expect([error.code, error.status, error.details.kind, error.details.maximum, error.messageEn]).toEqual(['DOCUMENT_TOO_COMPLEX', 422, 'time', 1500, 'The document is too complex to open safely: its processing time (ms) exceeds the limit of 1500 (service.documentPool.timeLimitMs). Ask for a normally exported copy.']);
    expect(error.messageZh).toContain('处理时间（毫秒）超出上限 1500');
    expect(await p.run('echo', 2)).toBe(2);
    expect(p.threads).toBe(1);
  });

  it('a job past the heap ceiling is ended: DOCUMENT_TOO_COMPLEX naming the memory limit; the pool recovers', async () => {
    const p = pool({ memoryLimitMb: 48 });
    const error = await failure(p.run('allocate', {}));
    expect([error.code, error.details.kind, error.details.maximum, error.details.setting]).toEqual(['DOCUMENT_TOO_COMPLEX', 'memory', 48, 'service.documentPool.memoryLimitMb']);
    expect(await p.run('echo', 'after')).toBe('after');
  });

  it('a thread that dies under its job fails that job INTERNAL, and the next job works', async () => {
    const p = pool();
    expect((await failure(p.run('crash', {}))).code).toBe('INTERNAL');
    expect(await p.run('echo', 'after')).toBe('after');
  });

  it('a full queue is SERVICE_BUSY at once with a Retry-After in seconds, never an unbounded wait', async () => {
    const p = pool({ queueLimit: 1, timeLimitMs: 1000 });
    const running = p.run('spin', {}).catch((e: unknown) => e);
    const waiting = p.run('echo', 'waited');
    const refused = await failure(p.run('echo', 'refused'));
    expect([refused.code, refused.status]).toEqual(['SERVICE_BUSY', 503]);
    expect(refused.details.retryAfter).toBeGreaterThanOrEqual(1);
    expect(() => p.checkRoom()).toThrow(/busy/);
    expect(await waiting).toBe('waited');
    expect(((await running) as SealdeskError).code).toBe('DOCUMENT_TOO_COMPLEX');
  });

  it('close ends every thread and refuses what waits', async () => {
    const p = pool({ size: 2 });
    await p.warm();
    expect([p.threads, p.busyThreads]).toEqual([2, 0]);
    expect(await Promise.all([p.run('echo', 1), p.run('echo', 2)])).toEqual([1, 2]);
    const running = p.run('spin', {}).catch((e: unknown) => e);
    await p.close();
    expect(p.threads).toBe(0);
    expect(((await running) as SealdeskError).code).toBe('SERVICE_BUSY');
    expect((await failure(p.run('echo', 3))).code).toBe('SERVICE_BUSY');
  });
});
