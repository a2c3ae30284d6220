import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SEALDESK_BIN = fileURLToPath(new URL('../../bin/sealdesk.js', import.meta.url));

export interface HallProcess {
  child: ChildProcess;
  pid: number;
  url: string;
  /** What `npm start` printed, for the sign-ins and a post-mortem. */
  out(): string;
  /** The secret printed beside a demo user name. */
  secretOf(username: string): string;
  stop(): Promise<number | null>;
}

/**
 * `sealdesk start` as `npm start` runs it, in a child process of its own, so its resident memory
 * and descriptors are read from /proc/<pid> and nothing of the soak driver is counted with them.
 * TMPDIR is the soak's own, so the hall's temp files are told from other runs' on a shared machine.
 */
export async function startHallProcess(home: string, tmp: string): Promise<HallProcess> {
  const child = spawn(process.execPath, [SEALDESK_BIN, 'start', '--port', '0'], {
    env: { ...process.env, SEALDESK_HOME: home, TMPDIR: tmp },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + 300_000;
  while (!/sealdesk: hall ready at (\S+)/.test(out)) {
    if (Date.now() > deadline || child.exitCode !== null) {
      child.kill('SIGKILL');
      throw new Error(`the hall did not come up:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    child,
    pid: child.pid!,
    url: /sealdesk: hall ready at (\S+)/.exec(out)![1]!,
    out: () => out,
    secretOf(username) {
      const secret = new RegExp(`^\\w+\\s+${username}\\s+(\\S+)$`, 'm').exec(out)?.[1];
      if (!secret) throw new Error(`npm start printed no secret for ${username}`);
      return secret;
    },
    async stop() {
      if (child.exitCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}
