import { fork, type ChildProcess } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Job } from './document-child.js';
import type { Outcome } from './outcome.js';
import { OPERATIONS, type Operation } from './operations.js';

const CHILD = fileURLToPath(new URL('./document-child.ts', import.meta.url));
const REPO = fileURLToPath(new URL('../../../', import.meta.url));

export interface RunOptions {
  files: readonly string[];
  ops?: readonly Operation[];
  /** Children running at once. */
  parallel: number;
  /** Per operation; past it the child is ended and the operation is a hang. */
  timeLimitMs: number;
  /** --max-old-space-size of each child. */
  heapMb: number;
  /** Resident memory past which the child is ended (Buffers live outside the V8 heap). */
  rssCapMb: number;
  workDir: string;
  /** A seal home made by prepareSealRoot. */
  sealRoot: string;
  onOutcome?: (outcome: Outcome) => void;
}

function start(args: string[], heapMb: number): { child: ChildProcess; stderr: () => string } {
  const child = fork(CHILD, args, {
    cwd: REPO,
    execArgv: ['--import', 'tsx', `--max-old-space-size=${heapMb}`],
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    serialization: 'json',
  });
  let tail = '';
  // pdf-lib warns on stderr about every damaged object: only the end is kept, for a crash's reason
  child.stderr!.on('data', (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-4000);
  });
  return { child, stderr: () => tail };
}

/** Makes the token, dev CA and seal once, in a process of its own; the children copy it. */
export async function prepareSealRoot(root: string): Promise<string> {
  const { child, stderr } = start(['--setup', root], 1024);
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`seal home setup failed (${code}): ${stderr()}`);
  return root;
}

async function rssMb(pid: number): Promise<number> {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(await readFile(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

function crashReason(code: number | null, signal: NodeJS.Signals | null, stderr: string): string {
  const known = ['heap out of memory', 'Maximum call stack size exceeded', 'Invalid array length', 'Aborted', 'Segmentation fault', 'RangeError', 'FATAL ERROR'];
  const line = stderr.split('\n').find((l) => known.some((k) => l.includes(k)));
  return `${signal ?? `exit ${code}`}${line ? `: ${line.trim().slice(0, 200)}` : ''}`;
}

/** One child and the operation it is running. */
class Runner {
  private readonly started: ReturnType<typeof start>;
  readonly ready: Promise<void>;
  dead = false;
  private exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(
    private readonly options: RunOptions,
    readonly dir: string,
  ) {
    this.started = start([options.sealRoot, dir], options.heapMb);
    const child = this.started.child;
    this.exited = new Promise((resolve) => child.on('exit', (code, signal) => {
      this.dead = true;
      resolve({ code, signal });
    }));
    this.ready = new Promise((resolve, reject) => {
      child.once('message', () => resolve());
      void this.exited.then(({ code, signal }) => reject(new Error(`harness child died before it was ready (${crashReason(code, signal, this.started.stderr())})`)));
    });
  }

  async run(job: Job): Promise<Outcome> {
    const child = this.started.child;
    let peak = 0;
    const began = performance.now();
    return new Promise<Outcome>((resolve) => {
      let settled = false;
      const finish = (o: Omit<Outcome, 'file' | 'op' | 'ms' | 'peakMb'> & { ms?: number; peakMb?: number }): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        clearInterval(poll);
        child.off('message', onMessage);
        resolve({ file: job.file, op: job.op, ms: Math.round(performance.now() - began), ...o, peakMb: Math.max(o.peakMb ?? 0, Math.round(peak)) });
      };
      // set before the kill: the exit that follows is the harness's doing, not a crash
      let ended: { outcome: 'hang' | 'oom'; message: string } | undefined;
      const kill = (outcome: 'hang' | 'oom', message: string): void => {
        if (ended) return;
        ended = { outcome, message };
        child.kill('SIGKILL');
      };
      const onMessage = (m: Omit<Outcome, 'file' | 'op'> & { id: number }): void => {
        if (m.id === job.id) finish(m);
      };
      child.on('message', onMessage);
      void this.exited.then(({ code, signal }) => finish(ended ?? { outcome: 'crash', message: crashReason(code, signal, this.started.stderr()) }));
      const timer = setTimeout(() => kill('hang', `no answer within ${this.options.timeLimitMs} ms`), this.options.timeLimitMs);
      const poll = setInterval(() => {
        void rssMb(child.pid!).then((mb) => {
          peak = Math.max(peak, mb);
          if (mb > this.options.rssCapMb && !settled) kill('oom', `resident memory ${Math.round(mb)} MB past the cap of ${this.options.rssCapMb} MB`);
        });
      }, 50);
      child.send(job);
    });
  }

  async stop(): Promise<void> {
    if (!this.dead) {
      this.started.child.disconnect();
      const timer = setTimeout(() => this.started.child.kill('SIGKILL'), 5000);
      await this.exited;
      clearTimeout(timer);
    }
    await rm(this.dir, { recursive: true, force: true });
  }
}

/**
 * Runs every operation on every file in `parallel` children; a child that crashes, hangs or
 * passes the memory cap is replaced and the next job goes on. Outcomes in completion order.
 */
export async function runCorpus(options: RunOptions): Promise<Outcome[]> {
  const ops = options.ops ?? OPERATIONS;
  const queue: Job[] = [];
  let id = 0;
  for (const file of options.files) for (const op of ops) queue.push({ id: id++, file, op });
  const outcomes: Outcome[] = [];
  let generation = 0;
  const spawn = async (slot: number): Promise<Runner> => {
    const runner = new Runner(options, join(options.workDir, `child-${slot}-${generation++}`));
    await runner.ready;
    return runner;
  };
  const lane = async (slot: number): Promise<void> => {
    let runner = await spawn(slot);
    try {
      for (let job = queue.shift(); job; job = queue.shift()) {
        const outcome = await runner.run(job);
        outcomes.push(outcome);
        options.onOutcome?.(outcome);
        if (runner.dead) {
          await runner.stop();
          runner = await spawn(slot);
        }
      }
    } finally {
      await runner.stop();
    }
  };
  await Promise.all(Array.from({ length: options.parallel }, (_, slot) => lane(slot)));
  return outcomes;
}
