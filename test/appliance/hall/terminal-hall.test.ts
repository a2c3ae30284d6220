/**
 * `sealdesk start --terminals 2`: the desk, two counters and a kiosk come up as separate
 * appliances — each its own process, home, SoftHSM token dir and port — on one anvil chain, and
 * the printed URLs say which is which; SIGTERM to the hall stops every one of them and the chain,
 * with no process left behind and no port still open.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SEALDESK_BIN } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { json } from './helpers/hall-json.js';

const running = new Set<ChildProcess>();
afterAll(() => {
  for (const child of running) child.kill('SIGKILL');
});

/** Every process below `pid`, from /proc (the hall's terminals, their device processes, anvil). */
function descendants(pid: number): number[] {
  const parents = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // the command name is in parentheses and may hold spaces: the parent pid is the second field after it
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(ppid, [...(parents.get(ppid) ?? []), Number(entry)]);
    } catch {
      // ended while listing
    }
  }
  const found: number[] = [];
  const walk = (p: number) => {
    for (const child of parents.get(p) ?? []) {
      found.push(child);
      walk(child);
    }
  };
  walk(pid);
  return found;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // a zombie is gone but for its parent's wait
  try {
    return !/^\S+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

const portOpen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });

describe('sealdesk start --terminals', () => {
  it('starts the desk, N counters and a kiosk as separate appliances on one chain, and SIGTERM stops them all', { timeout: 400_000 }, async () => {
    const home = await tempDir('terminal-hall');
    const child = spawn(process.execPath, [SEALDESK_BIN, 'start', '--terminals', '2', '--port', '0'], { env: { ...process.env, SEALDESK_HOME: home }, stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(child);
    let out = '';
    child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => (running.delete(child), r(code))));
    const deadline = Date.now() + 300_000;
    while (!/sealdesk: hall of 4 terminals ready on chain (\S+)/.test(out)) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`the hall did not come up:\n${out}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    const rpcUrl = /ready on chain (\S+)/.exec(out)![1]!;

    // the printed URLs say which terminal is which, each on a port of its own
    const line = (label: string, page: string) => new RegExp(`^${label}\\s+(http://127\\.0\\.0\\.1:(\\d+))/${page}\\s`, 'm').exec(out);
    const terminals = [
      { name: 'desk', match: line('管理 desk', 'admin') },
      { name: 'counter-1', match: line('柜台 counter 1', 'counter') },
      { name: 'counter-2', match: line('柜台 counter 2', 'counter') },
      { name: 'kiosk', match: line('自助 kiosk', 'kiosk') },
    ].map(({ name, match }) => {
      expect(match, `${name} in:\n${out}`).not.toBeNull();
      return { name, url: match![1]!, port: Number(match![2]) };
    });
    expect(new Set(terminals.map((t) => t.port)).size).toBe(4);

    for (const t of terminals) {
      const health = await json<{ status: string; chain: string; token: string }>(`${t.url}/health`, {});
      expect([t.name, health.status, health.body.status, health.body.chain, health.body.token]).toEqual([t.name, 200, 'ok', 'ok', 'ok']);
      // its own home and SoftHSM token dir, the one chain node
      const memberHome = join(home, 'hall', t.name);
      expect(existsSync(join(memberHome, 'softhsm')), t.name).toBe(true);
      expect((JSON.parse(readFileSync(join(memberHome, 'ledger.json'), 'utf8')) as { rpcUrls: string[] }).rpcUrls, t.name).toEqual([rpcUrl]);
    }
    // each terminal has its own sign-ins, printed under its name
    for (const t of terminals) expect(out, t.name).toMatch(new RegExp(`^${t.name}\\s+\\w+\\s+xihu-clerk\\s+\\S+$`, 'm'));

    const processes = descendants(child.pid!);
    // four terminals and their device processes, and anvil
    expect(processes.length, out).toBeGreaterThanOrEqual(9);
    child.kill('SIGTERM');
    expect(await exited, out).toBe(0);
    // each terminal stopped itself on the hall's SIGTERM, none had to be killed
    expect(out).not.toMatch(/did not stop within/);
    for (const label of ['管理 desk', '柜台 counter 1', '柜台 counter 2', '自助 kiosk']) expect(out).toContain(`[${label}] ended (0)`);
    expect(out).toMatch(/^sealdesk: stopped$/m);
    expect(processes.filter(alive), out).toEqual([]);
    const chainPort = Number(new URL(rpcUrl).port);
    for (const port of [...terminals.map((t) => t.port), chainPort]) expect(await portOpen(port), `port ${port}`).toBe(false);
  });
});
