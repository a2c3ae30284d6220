import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { startAnvil } from '../../simulator/chain/anvil.js';
import type { DemoSignIn } from '../directory/seed-demo.js';

/** What a hall terminal is for: the seal administration desk, a counter, the self-service kiosk. */
export type TerminalRole = 'desk' | 'counter' | 'kiosk';

/** The line a terminal started by a hall prints once it answers (start.ts, --chain-rpc mode). */
export const TERMINAL_READY = 'sealdesk-terminal-ready ';

export interface TerminalReady {
  url: string;
  signIns: DemoSignIn[];
  /** The terminal's demo tokens: what each is for, its label and user PIN. */
  tokens: Array<{ role: string; label: string; pin: string }>;
}

export interface HallTerminal extends TerminalReady {
  role: TerminalRole;
  /** desk, counter-1 … counter-N, kiosk: its SEALDESK_TERMINAL_ID and its home's folder. */
  name: string;
  home: string;
  pid: number;
}

export interface TerminalHall {
  rpcUrl: string;
  anvilPid: number;
  terminals: HallTerminal[];
  stop(): Promise<void>;
}

export interface TerminalHallOptions {
  terminals: number;
  /** The desk's port; counter i gets port + i, the kiosk port + N + 1. 0: each picks a free one. */
  port: number;
  log?: (line: string) => void;
  /** How to run `sealdesk` again (default: this process's node, its flags and script). */
  command?: { file: string; args: string[] };
}

/** A terminal that does not end within this of SIGTERM is killed. */
const STOP_GRACE_MS = 20_000;

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

async function stopChild(child: ChildProcess, log: (line: string) => void): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const killer = setTimeout(() => {
    log(`terminal process ${child.pid} did not stop within ${STOP_GRACE_MS / 1000} s of SIGTERM: killed`);
    child.kill('SIGKILL');
  }, STOP_GRACE_MS);
  await exited(child);
  clearTimeout(killer);
}

const LABELS: Record<TerminalRole, string> = { desk: '管理 desk', counter: '柜台 counter', kiosk: '自助 kiosk' };

/** How a terminal names itself in the hall's output: desk, counter 2, kiosk. */
export function terminalLabel(terminal: { role: TerminalRole; name: string }): string {
  return terminal.role === 'counter' ? `${LABELS.counter} ${terminal.name.slice('counter-'.length)}` : LABELS[terminal.role];
}

/**
 * `sealdesk start --terminals N`: the hall's chain node, then the seal administration desk, N
 * counters and a kiosk, each a `sealdesk start` process of its own with its own SEALDESK_HOME
 * (under HOME/hall/NAME: its SoftHSM tokens, seals, outbox, directory), its own port and
 * simulated devices, all on the one chain. Each runs exactly as a hall of one does, except that it
 * joins this chain instead of starting its own; a terminal that loses this process (its IPC
 * channel closes) stops itself, so none outlives the hall.
 */
export async function startTerminalHall(home: string, options: TerminalHallOptions): Promise<TerminalHall> {
  const log = options.log ?? ((line: string) => console.log(line));
  const command = options.command ?? { file: process.execPath, args: [...process.execArgv, process.argv[1]!] };
  const children: ChildProcess[] = [];
  const anvil = await startAnvil({ dir: join(home, 'hall', 'chain') });
  const stop = async () => {
    await Promise.all(children.map((child) => stopChild(child, log)));
    await anvil.stop();
  };
  log(`hall chain node ${anvil.rpcUrl}`);
  const members = [
    { role: 'desk' as const, name: 'desk' },
    ...Array.from({ length: options.terminals }, (_, i) => ({ role: 'counter' as const, name: `counter-${i + 1}` })),
    { role: 'kiosk' as const, name: 'kiosk' },
  ];
  const start = (member: (typeof members)[number], index: number): Promise<HallTerminal> => {
    const memberHome = join(home, 'hall', member.name);
    const port = options.port === 0 ? 0 : options.port + index;
    const child = spawn(command.file, [...command.args, 'start', '--port', String(port), '--chain-rpc', anvil.rpcUrl], {
      env: { ...process.env, SEALDESK_HOME: memberHome, SEALDESK_TERMINAL_ID: member.name },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    children.push(child);
    const prefix = `[${terminalLabel(member)}] `;
    createInterface({ input: child.stderr! }).on('line', (line) => log(prefix + line));
    return new Promise<HallTerminal>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code, signal) => reject(new Error(`${member.name} ended (${signal ?? code}) before it was ready`)));
      createInterface({ input: child.stdout! }).on('line', (line) => {
        if (line.startsWith(TERMINAL_READY)) {
          const ready = JSON.parse(line.slice(TERMINAL_READY.length)) as TerminalReady;
          resolve({ ...member, ...ready, home: memberHome, pid: child.pid! });
        } else log(prefix + line);
      });
    });
  };
  try {
    // two at a time: each makes its tokens, keys, CA and seals (CPU) and waits on the chain (not)
    const terminals: HallTerminal[] = new Array<HallTerminal>(members.length);
    let next = 0;
    const worker = async () => {
      for (let index = next++; index < members.length; index = next++) {
        try {
          terminals[index] = await start(members[index]!, index);
        } catch (error) {
          next = members.length; // start no more
          throw error;
        }
      }
    };
    const workers = [worker(), worker()];
    await Promise.all(workers.map((w) => w.catch(() => undefined)));
    await Promise.all(workers);
    for (const [index, child] of children.entries()) {
      child.removeAllListeners('exit');
      child.once('exit', (code, signal) => log(`[${terminalLabel(members[index]!)}] ended (${signal ?? code})`));
    }
    return { rpcUrl: anvil.rpcUrl, anvilPid: anvil.pid, terminals, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
