/**
 * Terminals of a test hall, each a terminal-child.ts process with its own SEALDESK_HOME and SoftHSM
 * instance, driven by JSON lines on stdin and answering `@{json}` lines (hall-follow.test.ts,
 * revoke-latency.bench.ts). close() kills what is left and closes the SoftHSM instances.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { startSoftHsm, type SoftHsm } from '../../../../simulator/softhsm/softhsm.js';
import { SO_PIN, USER_PIN } from '../../../helpers/softhsm.js';

const CHILD = fileURLToPath(new URL('./terminal-child.ts', import.meta.url));

export type Reply = { ok: boolean; code?: string; status?: number; en?: string; zh?: string; [key: string]: unknown };

export interface Terminal {
  ask(command: { op: string; seal?: string }): Promise<Reply>;
  child: ChildProcess;
}

export type HallHsm = SoftHsm & { dirs: Map<string, string> };

export class HallTerminals {
  readonly #dir: string;
  readonly #hsms: SoftHsm[] = [];
  readonly #children: ChildProcess[] = [];

  constructor(dir: string) {
    this.#dir = dir;
  }

  /** A SoftHSM instance of its own with these tokens (user PIN USER_PIN); dirs: label → token folder. */
  async instance(name: string, labels: string[]): Promise<HallHsm> {
    const hsm = await startSoftHsm({ dir: join(this.#dir, `${name}-hsm`) });
    this.#hsms.push(hsm);
    const dirs = new Map<string, string>();
    for (const label of labels) dirs.set(label, (await hsm.initToken(label, SO_PIN, USER_PIN)).dirName);
    return Object.assign(hsm, { dirs });
  }

  /** Starts a terminal process; resolves with its first `@` line (prepare: its result; the others: ready). */
  spawn(home: string, hsm: SoftHsm, extra: Record<string, string>): Promise<{ first: Reply; terminal: Terminal }> {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD], { env: { ...process.env, ...hsm.env, SEALDESK_HOME: home, TERMINAL_PIN: USER_PIN, ...extra }, stdio: ['pipe', 'pipe', 'pipe'] });
    this.#children.push(child);
    let stderr = '';
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    const waiting: Array<{ resolve: (reply: Reply) => void; reject: (error: Error) => void }> = [];
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      if (line.startsWith('@')) waiting.shift()?.resolve(JSON.parse(line.slice(1)) as Reply);
    });
    child.once('exit', (code) => {
      for (const w of waiting.splice(0)) w.reject(new Error(`terminal ${home} exited ${code}:\n${stderr}`));
    });
    const next = () => new Promise<Reply>((resolve, reject) => waiting.push({ resolve, reject }));
    const terminal: Terminal = {
      child,
      ask(command) {
        const reply = next();
        child.stdin!.write(`${JSON.stringify(command)}\n`);
        return reply;
      },
    };
    return next().then((first) => ({ first, terminal }));
  }

  async close(): Promise<void> {
    for (const child of this.#children) child.kill('SIGKILL');
    for (const hsm of this.#hsms) await hsm.close();
  }
}
