/**
 * A harness child: takes its own copy of the seal home, then runs the operations the parent
 * sends over IPC one at a time, answering each with its outcome and its peak memory. It is
 * started with a heap cap; the parent ends it when it passes the memory cap or the time limit.
 *   node --import tsx document-child.ts --setup ROOT     makes the seal home and exits
 *   node --import tsx document-child.ts ROOT WORKDIR     serves operations
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { classify, type Outcome } from './outcome.js';
import { runOperation, type Operation } from './operations.js';
import { openSealHomeCopy, prepareSealHome } from './seal-home.js';

export interface Job {
  id: number;
  file: string;
  op: Operation;
}

/** Linux keeps a high-water mark of resident memory (VmHWM); writing 5 to clear_refs resets it. */
function resetPeak(): void {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
  } catch {
    // not Linux, or not allowed: the peak is then the process's since its start
  }
}

function peakMb(): number {
  try {
    const kb = Number(/VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0);
    return Math.round(kb / 1024);
  } catch {
    return Math.round(process.memoryUsage().rss / 2 ** 20);
  }
}

const send = (message: unknown): void => {
  process.send!(message);
};

const [first, second] = process.argv.slice(2);
if (first === '--setup') {
  await prepareSealHome(second!);
  process.exit(0);
}
const workDir = second!;
await mkdir(workDir, { recursive: true });
const seal = await openSealHomeCopy(first!, join(workDir, 'seal'));
process.on('message', (job: Job) => {
  void (async () => {
    resetPeak();
    const started = performance.now();
    let result: Pick<Outcome, 'outcome' | 'code' | 'message' | 'leftovers'>;
    try {
      const done = await runOperation(job.op, job.file, seal, workDir);
      result = { ...(done.error ? classify(done.error.thrown) : { outcome: 'ok' as const }), ...(done.leftovers ? { leftovers: done.leftovers } : {}) };
    } catch (error) {
      result = classify(error);
    }
    send({ id: job.id, ...result, ms: Math.round(performance.now() - started), peakMb: peakMb() });
  })();
});
process.on('disconnect', () => {
  void seal.close().finally(() => process.exit(0));
});
send({ ready: true });
