import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Address } from 'viem';
import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';
import { startAnvil } from '../../simulator/chain/anvil.js';
import type { DemoSignIn } from '../directory/seed-demo.js';
import { readFollowerState } from '../ledger/follower/follower-state.js';
import { loadLedgerConfig } from '../ledger/ledger-config.js';
import { openSealDatabase } from '../seals/registry/database.js';
import { isDeskReply, type DeskReply, type HallMemberFacts, type HallMessage, type TerminalRole } from './hall-member.js';

export type { TerminalRole } from './hall-member.js';

/** The line a terminal started by a hall prints once it answers (start.ts, --chain-rpc mode). */
export const TERMINAL_READY = 'sealdesk-terminal-ready ';

export interface TerminalReady {
  url: string;
  signIns: DemoSignIn[];
  /** The terminal's demo tokens: what each is for, its label and user PIN. */
  tokens: Array<{ role: string; label: string; pin: string }>;
  /** Who it is on chain and its seals' records: what the desk admits it with. */
  member?: HallMemberFacts;
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
/** The hall's chain makes a block this often besides one per transaction: what the desk decides becomes final within it. */
const BLOCK_SECONDS = 1;
/** How long the desk may take to admit the terminals, and the terminals' followers to apply it. */
const ADMIT_TIMEOUT_MS = 120_000;
const FOLLOW_TIMEOUT_MS = 60_000;

function send(child: ChildProcess, message: HallMessage): void {
  if (child.connected) child.send(message);
}

/** Asks the desk to admit the hall's terminals (its IPC channel); resolves with the block it wrote up to. */
function admit(desk: ChildProcess, members: HallMemberFacts[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`the desk did not admit the hall's terminals within ${ADMIT_TIMEOUT_MS / 1000} s`)), ADMIT_TIMEOUT_MS);
    const onMessage = (message: unknown) => {
      if (isDeskReply(message)) done(message);
    };
    const onExit = () => done(new Error('the desk ended before it admitted the hall’s terminals'));
    const done = (outcome: DeskReply | Error) => {
      clearTimeout(timer);
      desk.off('message', onMessage).off('exit', onExit);
      if (outcome instanceof Error) reject(outcome);
      else if (outcome.kind === 'hall-admitted') resolve(outcome.block);
      else reject(new SealdeskError('CHAIN_TX_FAILED', { reason: `the desk could not admit the hall's terminals: ${outcome.code}: ${outcome.message}` }));
    };
    desk.on('message', onMessage).once('exit', onExit);
    send(desk, { kind: 'hall-admit', members });
  });
}

/**
 * Until each terminal's follower applied the chain up to `block` (read from its seal database): the
 * hall is ready once every terminal stamps with the seals the desk granted it. One that lags past
 * the timeout is named in the log; it catches up on its own.
 */
async function followersAt(homes: Array<{ name: string; home: string }>, block: number, log: (line: string) => void): Promise<void> {
  const deadline = Date.now() + FOLLOW_TIMEOUT_MS;
  for (const { name, home } of homes) {
    const db = openSealDatabase(home);
    try {
      while ((readFollowerState(db)?.blockNumber ?? -1) < block) {
        if (Date.now() > deadline) {
          log(`[${name}] its follower has not applied block ${block} yet: its grants hold once it has`);
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    } finally {
      db.close();
    }
  }
}

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
 * simulated devices, all on the one chain. The desk deploys the hall's registry; the counters and
 * the kiosk follow it, each enrolling the seals of its role on its own token and putting their
 * records into the hall's store (HOME/hall/records). Once all are up the desk admits them
 * (admit-terminals.ts): registers each on chain as a terminal of its role and grants it its own
 * seals; the hall is ready when every terminal's follower applied that, so from then on a counter
 * stamps with its seals only while the desk's grant stands. A terminal that loses this process
 * (its IPC channel closes) stops itself, so none outlives the hall.
 */
export async function startTerminalHall(home: string, options: TerminalHallOptions): Promise<TerminalHall> {
  const log = options.log ?? ((line: string) => console.log(line));
  const command = options.command ?? { file: process.execPath, args: [...process.execArgv, process.argv[1]!] };
  const children: ChildProcess[] = [];
  const anvil = await startAnvil({ dir: join(home, 'hall', 'chain'), blockTime: BLOCK_SECONDS, mixedMining: true });
  const records = join(home, 'hall', 'records');
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
  // the registry the desk deployed: the counters and the kiosk wait for it (they may start beside the desk)
  let registry: Address | undefined;
  let desk: ChildProcess | undefined;
  const joining: ChildProcess[] = [];
  const start = (member: (typeof members)[number], index: number): Promise<HallTerminal> => {
    const memberHome = join(home, 'hall', member.name);
    const port = options.port === 0 ? 0 : options.port + index;
    const child = spawn(command.file, [...command.args, 'start', '--port', String(port), '--chain-rpc', anvil.rpcUrl, '--hall-role', member.role, '--hall-records', records], {
      env: { ...process.env, SEALDESK_HOME: memberHome, SEALDESK_TERMINAL_ID: member.name },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    children.push(child);
    if (member.role === 'desk') desk = child;
    else {
      joining.push(child);
      if (registry) send(child, { kind: 'hall-registry', registry });
    }
    const prefix = `[${terminalLabel(member)}] `;
    createInterface({ input: child.stderr! }).on('line', (line) => log(prefix + line));
    return new Promise<HallTerminal>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code, signal) => reject(new Error(`${member.name} ended (${signal ?? code}) before it was ready`)));
      createInterface({ input: child.stdout! }).on('line', (line) => {
        if (line.startsWith(TERMINAL_READY)) {
          const ready = JSON.parse(line.slice(TERMINAL_READY.length)) as TerminalReady;
          if (member.role === 'desk') {
            registry = loadLedgerConfig(memberHome).registry;
            if (!registry) return reject(new Error('the desk is up with no registry deployed'));
            for (const other of joining) send(other, { kind: 'hall-registry', registry });
          }
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
          next = members.length; // start no more, and end those starting (a counter would wait for the desk's registry)
          for (const child of children) child.kill('SIGTERM');
          throw error;
        }
      }
    };
    const workers = [worker(), worker()];
    await Promise.all(workers.map((w) => w.catch(() => undefined)));
    await Promise.all(workers);
    const facts = terminals.map((t) => t.member).filter((m): m is HallMemberFacts => m !== undefined);
    const block = await admit(desk!, facts);
    await followersAt(terminals, block, log);
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
